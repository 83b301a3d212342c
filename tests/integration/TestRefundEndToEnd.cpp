// RefundSession against a real counterpay-sandbox process over loopback, with the real GatewayClient:
// an order paid through the sandbox is refunded in part, then in full, through dropped connections and
// lost answers; a refund whose network stays down is left Unknown and settled by resume(). The
// sandbox's record of the trade and the order book must agree at every step.
#include "SandboxHarness.h"
#include "alipay/GatewayClient.h"
#include "common/Clock.h"
#include "common/Scheduler.h"
#include "payment/RefundSession.h"
#include "payment/TradeGateway.h"
#include "store/OrderStore.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;
using counterpay::store::OrderState;
using counterpay::store::Refund;

namespace {

QJsonObject faults(const QJsonArray& list)
{
    return QJsonObject{{QStringLiteral("seed"), 7}, {QStringLiteral("faults"), list}};
}

QJsonObject fault(const char* kind, const char* method, int count = 0, int ms = 0)
{
    QJsonObject json{{QStringLiteral("kind"), QString::fromLatin1(kind)}};
    if (method)
        json.insert(QStringLiteral("method"), QString::fromLatin1(method));
    if (count > 0)
        json.insert(QStringLiteral("count"), count);
    if (ms > 0)
        json.insert(QStringLiteral("ms"), ms);
    return json;
}

} // namespace

class TestRefundEndToEnd : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void partialThenFullThroughFaults();
    void networkDownThenResume();
    void refusedByAlipay();

private:
    store::Order payThroughTheSandbox(Money amount);
    payment::RefundSession* session();
    void run(payment::RefundSession* session, int timeoutMs = 30000);
    store::Order bookOrder(const QString& outTradeNo) const;
    void expectAgreement(const QString& outTradeNo);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    std::optional<config::GatewayConfig> m_config;
    QNetworkAccessManager m_network;
    std::unique_ptr<alipay::GatewayClient> m_client;
    std::unique_ptr<payment::AlipayTradeGateway> m_gateway;
    std::unique_ptr<store::OrderStore> m_store;
    std::unique_ptr<QObject> m_owner;
    payment::RefundOptions m_options;
    int m_orders = 0;
};

void TestRefundEndToEnd::initTestCase()
{
    QVERIFY(m_dir.isValid());
    initSandbox(m_dir.path());
    QVERIFY2(m_sandbox.start(m_dir.path(), {QStringLiteral("--quiet")}), qPrintable(m_sandbox.error()));
    auto config = config::GatewayConfig::load(m_sandbox.configPath());
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
    m_config = *config;
    m_config->timeoutMs = 4000; // a lost answer is given up on sooner than in a shop
    m_client = m_config->makeClient(&m_network);
    m_gateway = std::make_unique<payment::AlipayTradeGateway>(*m_client);
    auto opened = store::OrderStore::open(m_dir.filePath(QStringLiteral("book/orders.sqlite")));
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
    m_store = std::move(*opened);
    m_options.appId = m_config->appId;
    m_options.retryBackoffMs = {100, 200, 400};
}

void TestRefundEndToEnd::init()
{
    QCOMPARE(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status, 200);
}

void TestRefundEndToEnd::cleanupTestCase()
{
    m_owner.reset();
    m_store.reset();
    m_gateway.reset();
    m_client.reset();
    QCOMPARE(m_sandbox.stop(), 0);
}

store::Order TestRefundEndToEnd::payThroughTheSandbox(Money amount)
{
    // The customer pays at once (a test payment code), then the book records the order as paid.
    alipay::TradePay pay;
    pay.outTradeNo = QStringLiteral("RF-%1-%2").arg(QDateTime::currentMSecsSinceEpoch()).arg(++m_orders);
    pay.authCode = QStringLiteral("280000000000000001");
    pay.totalAmount = amount;
    pay.subject = QStringLiteral("退款测试");
    std::optional<Result<alipay::TradePay::Response>> answer;
    m_gateway->pay(pay, [&](Result<alipay::TradePay::Response> result) { answer = std::move(result); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000) || !answer->ok() ||
        (*answer)->outcome != alipay::TradePay::Response::Outcome::Paid)
        qFatal("the sandbox did not take the payment");

    store::NewOrder order{
        pay.outTradeNo,        m_config->appId, amount,      pay.subject, store::Order::PayMode::Barcode,
        QStringLiteral("E2E"), QString(),       QDateTime(), {}};
    if (!m_store->create(order).ok())
        qFatal("create failed");
    store::TransitionDetails details;
    details.tradeNo = (*answer)->tradeNo;
    auto paid = m_store->transition(pay.outTradeNo, OrderState::Paid, store::EventSource::Gateway, details);
    if (!paid)
        qFatal("pay failed: %s", qPrintable(paid.error().toString()));
    return *paid;
}

payment::RefundSession* TestRefundEndToEnd::session()
{
    if (!m_owner)
        m_owner = std::make_unique<QObject>();
    const payment::PaymentContext context{*m_store, *m_gateway, QtScheduler::instance(), Clock::system(),
                                          store::LeaseOwner::forThisProcess()};
    return new payment::RefundSession(context, m_options, m_owner.get());
}

void TestRefundEndToEnd::run(payment::RefundSession* session, int timeoutMs)
{
    QVERIFY(QTest::qWaitFor([&] { return session->isFinished(); }, timeoutMs));
}

store::Order TestRefundEndToEnd::bookOrder(const QString& outTradeNo) const
{
    auto found = m_store->find(outTradeNo);
    return found && found->has_value() ? **found : store::Order();
}

void TestRefundEndToEnd::expectAgreement(const QString& outTradeNo)
{
    const QJsonObject trade = m_sandbox.trade(outTradeNo);
    const store::Order order = bookOrder(outTradeNo);
    QCOMPARE(trade.value(u"refunded_amount").toString(), order.refundedAmount.toString());
    QCOMPARE(trade.value(u"total_amount").toString(), order.totalAmount.toString());
    QCOMPARE(trade.value(u"state").toString(),
             order.state == OrderState::Refunded ? QStringLiteral("TRADE_CLOSED") : QStringLiteral("TRADE_SUCCESS"));
    // Every refund row the book holds as done is one Alipay made, and nothing else.
    const auto refunds = m_store->refunds(outTradeNo);
    QVERIFY(refunds.ok());
    Money done;
    for (const Refund& refund : *refunds) {
        if (refund.state == Refund::State::Done)
            done = *done.checkedAdd(refund.amount);
    }
    QCOMPARE(done, order.refundedAmount);
}

void TestRefundEndToEnd::partialThenFullThroughFaults()
{
    const store::Order paid = payThroughTheSandbox(Money::fromFen(1000));
    const QString no = paid.outTradeNo;

    // The first refund's connection is dropped before the sandbox handles it: resent, made once.
    QVERIFY(m_sandbox.setFaults(faults({fault("drop", "alipay.trade.refund", 1)})));
    payment::RefundSession* partial = session();
    QSignalSpy trouble(partial, &payment::RefundSession::connectionTrouble);
    QSignalSpy done(partial, &payment::RefundSession::done);
    partial->start(no, Money::fromFen(400), QStringLiteral("manager-1"), QStringLiteral("少找零"));
    run(partial);
    QCOMPARE(done.size(), 1);
    QCOMPARE(trouble.size(), 1);
    QCOMPARE(partial->outRequestNo(), no + QStringLiteral("-R1"));
    QCOMPARE(bookOrder(no).state, OrderState::PartiallyRefunded);
    QCOMPARE(bookOrder(no).refundedAmount, Money::fromFen(400));
    expectAgreement(no);

    // The rest: the sandbox makes the refund but every answer is lost (Qt's own resends of a closed
    // connection included), so the resends hear nothing either; the refund query settles it.
    QVERIFY(m_sandbox.setFaults(faults({fault("lost_reply", "alipay.trade.refund", 0, 200)})));
    payment::RefundSession* rest = session();
    QSignalSpy restDone(rest, &payment::RefundSession::done);
    rest->start(no, Money::fromFen(600), QStringLiteral("manager-1"), QString());
    run(rest);
    QCOMPARE(restDone.size(), 1);
    QCOMPARE(bookOrder(no).state, OrderState::Refunded);
    QCOMPARE(bookOrder(no).refundedAmount, Money::fromFen(1000));
    const auto events = m_store->events(no);
    QVERIFY(events.ok());
    QCOMPARE(events->last().source, store::EventSource::Query);
    expectAgreement(no);

    // Nothing is left: refused locally, nothing reaches the sandbox.
    QVERIFY(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status == 200);
    payment::RefundSession* more = session();
    more->start(no, Money::fromFen(1), QStringLiteral("manager-1"), QString());
    QVERIFY(more->isFinished());
    QCOMPARE(more->lastError().category(), Error::Category::Input);
    expectAgreement(no);
}

void TestRefundEndToEnd::networkDownThenResume()
{
    const store::Order paid = payThroughTheSandbox(Money::fromFen(888));
    const QString no = paid.outTradeNo;

    // Every refund and refund query dropped: the refund is left Unknown, for recovery.
    QVERIFY(m_sandbox.setFaults(
        faults({fault("drop", "alipay.trade.refund"), fault("drop", "alipay.trade.fastpay.refund.query")})));
    payment::RefundSession* lost = session();
    QSignalSpy unresolved(lost, &payment::RefundSession::unresolved);
    lost->start(no, Money::fromFen(300), QStringLiteral("manager-1"), QString());
    run(lost, 60000);
    QCOMPARE(unresolved.size(), 1);
    const auto open = m_store->unresolvedRefunds();
    QVERIFY(open.ok());
    QCOMPARE(open->size(), 1);
    QCOMPARE(open->first().outRequestNo, lost->outRequestNo());
    QCOMPARE(bookOrder(no).state, OrderState::Paid);
    expectAgreement(no); // nothing was made

    // The next start, network back: asked, found missing, sent again, done.
    QVERIFY(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status == 200);
    payment::RefundSession* resumed = session();
    QSignalSpy done(resumed, &payment::RefundSession::done);
    resumed->resume(open->first());
    run(resumed);
    QCOMPARE(done.size(), 1);
    QCOMPARE(bookOrder(no).state, OrderState::PartiallyRefunded);
    QCOMPARE(bookOrder(no).refundedAmount, Money::fromFen(300));
    QVERIFY(m_store->unresolvedRefunds()->isEmpty());
    expectAgreement(no);
}

void TestRefundEndToEnd::refusedByAlipay()
{
    // The book says paid, but the sandbox never saw the trade: Alipay refuses, the refund fails with
    // a message for the manager, and the order keeps its state.
    const QString no = QStringLiteral("RF-NOTRADE-%1").arg(QDateTime::currentMSecsSinceEpoch());
    store::NewOrder order{no,
                          m_config->appId,
                          Money::fromFen(500),
                          QStringLiteral("Tea"),
                          store::Order::PayMode::Barcode,
                          QStringLiteral("E2E"),
                          QString(),
                          QDateTime(),
                          {}};
    QVERIFY(m_store->create(order).ok());
    QVERIFY(m_store->transition(no, OrderState::Paid, store::EventSource::Gateway).ok());
    payment::RefundSession* s = session();
    QSignalSpy failed(s, &payment::RefundSession::failed);
    s->start(no, Money::fromFen(100), QStringLiteral("manager-1"), QString());
    run(s);
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("no payment")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(s->lastError().subCode(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    QCOMPARE(s->refund().state, Refund::State::Failed);
    QCOMPARE(bookOrder(no).state, OrderState::Paid);
}

QTEST_GUILESS_MAIN(TestRefundEndToEnd)
#include "TestRefundEndToEnd.moc"
