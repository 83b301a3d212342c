// RefundSession driven through every path of a refund with a scripted gateway, manual time and a real
// order book: what is recorded before anything is sent, what is resent and how, what confirms a lost
// answer, and what the order becomes.
#include "ScriptedGateway.h"
#include "common/Scheduler.h"
#include "payment/RefundSession.h"
#include "store/OrderStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <map>

using namespace counterpay;
using namespace counterpay::payment;
using counterpay::store::EventSource;
using counterpay::store::OrderState;
using counterpay::store::Refund;
using namespace counterpay::testing;
using RefundAnswer = alipay::TradeRefund::Response;
using RefundQueryAnswer = alipay::TradeRefundQuery::Response;

namespace {

const QString kAppId = QStringLiteral("9021000000000001");

Money yuan(qint64 value)
{
    return Money::fromFen(value * 100);
}

Error business(const char* subCode, const char* message)
{
    return Error(Error::Category::Business, QString::fromUtf8(message), {}, QStringLiteral("40004"),
                 QString::fromLatin1(subCode));
}

Error lostAnswer()
{
    return Error::unknown(QStringLiteral("Alipay's gateway timed out; the request may have arrived"));
}

// Alipay's side of refunds, as far as these tests need it: each out_request_no is refunded once;
// resending it answers fund_change=N; refund_fee is everything refunded on the trade so far.
struct AlipayRefunds
{
    std::map<QString, Money> made; // out_request_no -> amount
    Money total;

    RefundAnswer refund(const alipay::TradeRefund& call)
    {
        RefundAnswer answer;
        answer.outTradeNo = call.outTradeNo;
        answer.tradeNo = QStringLiteral("2026112622001400000000000001");
        answer.fundChange = !made.contains(call.outRequestNo);
        if (answer.fundChange) {
            made[call.outRequestNo] = call.refundAmount;
            total = *total.checkedAdd(call.refundAmount);
        }
        answer.refundFee = total;
        return answer;
    }

    RefundQueryAnswer query(const alipay::TradeRefundQuery& call) const
    {
        RefundQueryAnswer answer;
        answer.outTradeNo = call.outTradeNo;
        answer.outRequestNo = call.outRequestNo;
        if (auto it = made.find(call.outRequestNo); it != made.end()) {
            answer.refunded = true;
            answer.refundAmount = it->second;
            answer.refundStatus = QStringLiteral("REFUND_SUCCESS");
        }
        return answer;
    }
};

} // namespace

class TestRefundSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void partialThenFull();
    void overRefundRefusedLocally();
    void onlyPaidOrdersOfThisApp_data();
    void onlyPaidOrdersOfThisApp();
    void lostAnswerResentUnchanged_data();
    void lostAnswerResentUnchanged();
    void lostAnswerSettledByRefundQuery();
    void queryWithoutRefundSendsAgain();
    void answersLostRoundAfterRoundEndUnknown();
    void refusalFails_data();
    void refusalFails();
    void refusalAfterALostAnswerIsConfirmed();
    void fundChangeNOnTheFirstSendIsDone();
    void networkDownLeavesUnknownThenResumeSettles();
    void resumeFindsTheRefundMade();
    void resumeLeavesAnotherAppsRefund();
    void concurrentRefundsCannotExceedTheTotal();
    void refundFeeThatDisagreesEndsUnknown();

private:
    store::Order paidOrder(const QString& outTradeNo, Money total, const QString& appId = kAppId);
    RefundSession* session(RefundOptions options = {});
    PaymentContext context() const
    {
        return PaymentContext{*m_store, *m_gateway, *m_scheduler, *m_clock, m_leaseOwner};
    }
    void run(RefundSession* session);
    store::Order order(const QString& outTradeNo) const;
    Refund refundRow(const QString& outRequestNo) const;
    QList<store::OrderEvent> events(const QString& outTradeNo) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ManualScheduler> m_scheduler;
    std::unique_ptr<store::OrderStore> m_store;
    std::unique_ptr<ScriptedGateway> m_gateway;
    std::unique_ptr<QObject> m_owner; // parent of the sessions, gone before the scheduler
    store::LeaseOwner m_leaseOwner = store::LeaseOwner::forThisProcess();
    AlipayRefunds m_alipay;
};

void TestRefundSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 26), QTime(4, 0), QTimeZone::utc()));
    m_scheduler = std::make_unique<ManualScheduler>(*m_clock);
    auto store = store::OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock);
    QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().toString()));
    m_store = std::move(*store);
    m_gateway = std::make_unique<ScriptedGateway>(*m_scheduler);
    m_gateway->clock = m_clock.get();
    m_gateway->startMs = m_clock->now().toMSecsSinceEpoch();
    m_alipay = {};
    m_gateway->onRefund = [this](const alipay::TradeRefund& call) {
        return Result<RefundAnswer>(m_alipay.refund(call));
    };
    m_gateway->onRefundQuery = [this](const alipay::TradeRefundQuery& call) {
        return Result<RefundQueryAnswer>(m_alipay.query(call));
    };
}

void TestRefundSession::cleanup()
{
    m_owner.reset();
    m_gateway.reset();
    m_store.reset();
    m_scheduler.reset();
}

store::Order TestRefundSession::paidOrder(const QString& outTradeNo, Money total, const QString& appId)
{
    store::NewOrder order;
    order.outTradeNo = outTradeNo;
    order.appId = appId;
    order.totalAmount = total;
    order.subject = QStringLiteral("Cake");
    order.terminalId = QStringLiteral("T1");
    if (!m_store->create(order).ok())
        qFatal("create failed");
    store::TransitionDetails details;
    details.tradeNo = QStringLiteral("2026112622001400000000000001");
    auto paid = m_store->transition(outTradeNo, OrderState::Paid, EventSource::Query, details);
    if (!paid)
        qFatal("pay failed: %s", qPrintable(paid.error().toString()));
    return *paid;
}

RefundSession* TestRefundSession::session(RefundOptions options)
{
    if (options.appId.isEmpty())
        options.appId = kAppId;
    if (!m_owner)
        m_owner = std::make_unique<QObject>();
    return new RefundSession(context(), options, m_owner.get());
}

void TestRefundSession::run(RefundSession* session)
{
    for (int i = 0; i < 1000 && !session->isFinished(); ++i) {
        if (!m_scheduler->runNext())
            break;
    }
    QVERIFY(session->isFinished());
}

store::Order TestRefundSession::order(const QString& outTradeNo) const
{
    auto found = m_store->find(outTradeNo);
    return found && found->has_value() ? **found : store::Order();
}

Refund TestRefundSession::refundRow(const QString& outRequestNo) const
{
    auto found = m_store->findRefund(outRequestNo);
    return found && found->has_value() ? **found : Refund();
}

QList<store::OrderEvent> TestRefundSession::events(const QString& outTradeNo) const
{
    auto list = m_store->events(outTradeNo);
    return list ? *list : QList<store::OrderEvent>();
}

void TestRefundSession::partialThenFull()
{
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));

    RefundSession* first = session();
    QSignalSpy states(first, &RefundSession::stateChanged);
    QSignalSpy done(first, &RefundSession::done);
    QSignalSpy finished(first, &RefundSession::finished);
    first->start(no, yuan(30), QStringLiteral("manager-1"), QStringLiteral("returned a cake"));
    // Recorded before the request went out.
    QCOMPARE(first->outRequestNo(), no + QStringLiteral("-R1"));
    QCOMPARE(refundRow(first->outRequestNo()).state, Refund::State::Requested);
    QCOMPARE(m_gateway->count(QStringLiteral("refund")), 1);
    run(first);
    QCOMPARE(done.size(), 1);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(states.size(), 2);
    QCOMPARE(states.at(0).at(0).value<Refund::State>(), Refund::State::Requested);
    QCOMPARE(states.at(1).at(0).value<Refund::State>(), Refund::State::Done);
    QCOMPARE(done.at(0).at(1).value<store::Order>().state, OrderState::PartiallyRefunded);
    QCOMPARE(order(no).state, OrderState::PartiallyRefunded);
    QCOMPARE(order(no).refundedAmount, yuan(30));
    QCOMPARE(refundRow(no + QStringLiteral("-R1")).state, Refund::State::Done);
    const QJsonObject body = QJsonDocument::fromJson(m_gateway->refundBodies.first()).object();
    QCOMPARE(body.value(u"out_trade_no").toString(), no);
    QCOMPARE(body.value(u"out_request_no").toString(), no + QStringLiteral("-R1"));
    QCOMPARE(body.value(u"refund_amount").toString(), QStringLiteral("30.00"));
    QCOMPARE(body.value(u"refund_reason").toString(), QStringLiteral("returned a cake"));
    QCOMPARE(events(no).last().source, EventSource::Gateway);

    RefundSession* second = session();
    second->start(no, yuan(70), QStringLiteral("manager-1"), QString());
    run(second);
    QCOMPARE(second->refund().state, Refund::State::Done);
    QCOMPARE(second->outRequestNo(), no + QStringLiteral("-R2"));
    QCOMPARE(order(no).state, OrderState::Refunded);
    QCOMPARE(order(no).refundedAmount, yuan(100));
    QCOMPARE(m_gateway->count(QStringLiteral("refund")), 2);
    QCOMPARE(m_gateway->count(QStringLiteral("refund-query")), 0);
    QCOMPARE(m_alipay.total, yuan(100));
}

void TestRefundSession::overRefundRefusedLocally()
{
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    for (const Money amount : {yuan(101), Money::fromFen(10'000'001)}) {
        RefundSession* s = session();
        QSignalSpy failed(s, &RefundSession::failed);
        QSignalSpy finished(s, &RefundSession::finished);
        s->start(no, amount, QStringLiteral("manager-1"), QString());
        QVERIFY(s->isFinished());
        QCOMPARE(failed.size(), 1);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(s->lastError().category(), Error::Category::Input);
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("exceed")));
    }
    // 60 done, 40 left: 41 is refused, with nothing sent and nothing recorded.
    RefundSession* part = session();
    part->start(no, yuan(60), QStringLiteral("manager-1"), QString());
    run(part);
    const int sent = m_gateway->count(QStringLiteral("refund"));
    RefundSession* tooMuch = session();
    tooMuch->start(no, yuan(41), QStringLiteral("manager-1"), QString());
    QVERIFY(tooMuch->isFinished());
    QCOMPARE(tooMuch->lastError().category(), Error::Category::Input);
    m_scheduler->advance(60'000);
    QCOMPARE(m_gateway->count(QStringLiteral("refund")), sent);
    QCOMPARE(m_gateway->calls.size(), sent);
    QCOMPARE(m_store->refunds(no)->size(), 1);
    QCOMPARE(order(no).refundedAmount, yuan(60));
}

void TestRefundSession::onlyPaidOrdersOfThisApp_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("appId");
    QTest::addColumn<int>("category");
    QTest::newRow("unknown") << int(OrderState::Unknown) << kAppId << int(Error::Category::Input);
    QTest::newRow("created") << int(OrderState::Created) << kAppId << int(Error::Category::Input);
    QTest::newRow("closed") << int(OrderState::Closed) << kAppId << int(Error::Category::Input);
    QTest::newRow("refunded") << int(OrderState::Refunded) << kAppId << int(Error::Category::Input);
    QTest::newRow("another app's") << int(OrderState::Paid) << QStringLiteral("9021000000000002")
                                   << int(Error::Category::Config);
}

void TestRefundSession::onlyPaidOrdersOfThisApp()
{
    QFETCH(int, state);
    QFETCH(QString, appId);
    QFETCH(int, category);
    const QString no = QStringLiteral("T1-20261126-000001");
    store::NewOrder created;
    created.outTradeNo = no;
    created.appId = appId;
    created.totalAmount = yuan(100);
    created.subject = QStringLiteral("Cake");
    created.terminalId = QStringLiteral("T1");
    QVERIFY(m_store->create(created).ok());
    if (OrderState(state) == OrderState::Refunded || OrderState(state) == OrderState::Paid)
        QVERIFY(m_store->transition(no, OrderState::Paid, EventSource::Query).ok());
    if (OrderState(state) != OrderState::Created && OrderState(state) != OrderState::Paid)
        QVERIFY(m_store->transition(no, OrderState(state), EventSource::Query).ok());

    RefundSession* s = session();
    QSignalSpy failed(s, &RefundSession::failed);
    s->start(no, yuan(1), QStringLiteral("manager-1"), QString());
    QVERIFY(s->isFinished());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(int(s->lastError().category()), category);
    QVERIFY(m_gateway->calls.isEmpty());
    QVERIFY(m_store->refunds(no)->isEmpty());

    RefundSession* missing = session();
    missing->start(QStringLiteral("T1-20261126-000404"), yuan(1), QStringLiteral("manager-1"), QString());
    QCOMPARE(missing->lastError().category(), Error::Category::Input);
    QVERIFY(m_gateway->calls.isEmpty());
}

void TestRefundSession::lostAnswerResentUnchanged_data()
{
    QTest::addColumn<int>("category");
    QTest::addColumn<QString>("subCode");
    QTest::newRow("network") << int(Error::Category::Network) << QString();
    QTest::newRow("timeout after sending") << int(Error::Category::Unknown) << QString();
    QTest::newRow("20000") << int(Error::Category::Unknown) << QStringLiteral("isp.unknow-error");
    QTest::newRow("ACQ.SYSTEM_ERROR") << int(Error::Category::Business) << QStringLiteral("ACQ.SYSTEM_ERROR");
    QTest::newRow("HTTP 502") << int(Error::Category::Gateway) << QString();
    QTest::newRow("does not verify") << int(Error::Category::Security) << QString();
}

void TestRefundSession::lostAnswerResentUnchanged()
{
    QFETCH(int, category);
    QFETCH(QString, subCode);
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    int calls = 0;
    m_gateway->onRefund = [&](const alipay::TradeRefund& call) -> Result<RefundAnswer> {
        if (++calls <= 2)
            return Error(Error::Category(category), QStringLiteral("no answer"), {}, QString(), subCode);
        return m_alipay.refund(call);
    };
    RefundSession* s = session();
    QSignalSpy trouble(s, &RefundSession::connectionTrouble);
    QSignalSpy recovered(s, &RefundSession::connectionRecovered);
    s->start(no, yuan(12), QStringLiteral("manager-1"), QStringLiteral("wrong size"));
    run(s);
    QCOMPARE(s->refund().state, Refund::State::Done);
    QCOMPARE(order(no).refundedAmount, yuan(12));
    QCOMPARE(m_gateway->calls,
             QStringList({QStringLiteral("refund@0"), QStringLiteral("refund@550"), QStringLiteral("refund@1600")}));
    // Byte for byte the same request each time.
    QCOMPARE(m_gateway->refundBodies.size(), 3);
    QCOMPARE(m_gateway->refundBodies.at(1), m_gateway->refundBodies.at(0));
    QCOMPARE(m_gateway->refundBodies.at(2), m_gateway->refundBodies.at(0));
    QCOMPARE(trouble.size(), 1);
    QCOMPARE(recovered.size(), 1);
    QCOMPARE(m_store->refunds(no)->size(), 1);
}

void TestRefundSession::lostAnswerSettledByRefundQuery()
{
    // Alipay makes the refund every time, but no answer gets back.
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    m_gateway->onRefund = [&](const alipay::TradeRefund& call) -> Result<RefundAnswer> {
        m_alipay.refund(call);
        return lostAnswer();
    };
    RefundSession* s = session();
    QSignalSpy done(s, &RefundSession::done);
    s->start(no, yuan(25), QStringLiteral("manager-1"), QString());
    run(s);
    QCOMPARE(done.size(), 1);
    QCOMPARE(m_gateway->count(QStringLiteral("refund")), 3);
    QCOMPARE(m_gateway->count(QStringLiteral("refund-query")), 1);
    QVERIFY(m_gateway->calls.last().startsWith(QStringLiteral("refund-query@")));
    QCOMPARE(m_alipay.total, yuan(25)); // made once, whatever was resent
    QCOMPARE(order(no).state, OrderState::PartiallyRefunded);
    QCOMPARE(order(no).refundedAmount, yuan(25));
    QCOMPARE(refundRow(s->outRequestNo()).state, Refund::State::Done);
    QCOMPARE(events(no).last().source, EventSource::Query);
}

void TestRefundSession::queryWithoutRefundSendsAgain()
{
    // The first three sends never reach Alipay (nothing made), the query says so, the fourth works.
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    int calls = 0;
    m_gateway->onRefund = [&](const alipay::TradeRefund& call) -> Result<RefundAnswer> {
        if (++calls <= 3)
            return Error::gateway(QStringLiteral("HTTP 502"));
        return m_alipay.refund(call);
    };
    RefundSession* s = session();
    s->start(no, yuan(100), QStringLiteral("manager-1"), QString());
    run(s);
    QCOMPARE(s->refund().state, Refund::State::Done);
    QStringList methods;
    for (const QString& call : m_gateway->calls)
        methods << call.section(u'@', 0, 0);
    QCOMPARE(methods, QStringList({QStringLiteral("refund"), QStringLiteral("refund"), QStringLiteral("refund"),
                                   QStringLiteral("refund-query"), QStringLiteral("refund")}));
    QCOMPARE(m_gateway->refundBodies.last(), m_gateway->refundBodies.first());
    QCOMPARE(order(no).state, OrderState::Refunded);
}

void TestRefundSession::answersLostRoundAfterRoundEndUnknown()
{
    // Alipay answers queries, but no send ever reaches it: three rounds of three sends, then Unknown.
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    m_gateway->onRefund = [](const alipay::TradeRefund&) -> Result<RefundAnswer> { return lostAnswer(); };
    RefundSession* s = session();
    QSignalSpy unresolved(s, &RefundSession::unresolved);
    s->start(no, yuan(5), QStringLiteral("manager-1"), QString());
    run(s);
    QCOMPARE(unresolved.size(), 1);
    QVERIFY2(unresolved.at(0).at(0).toString().contains(QStringLiteral("sent 9 times")),
             qPrintable(unresolved.at(0).at(0).toString()));
    QCOMPARE(m_gateway->count(QStringLiteral("refund")), 9);
    QCOMPARE(m_gateway->count(QStringLiteral("refund-query")), 3);
    QCOMPARE(refundRow(s->outRequestNo()).state, Refund::State::Unknown);
    QCOMPARE(m_gateway->refundBodies.size(), 9);
    for (const QByteArray& body : m_gateway->refundBodies)
        QCOMPARE(body, m_gateway->refundBodies.first());
}

void TestRefundSession::refusalFails_data()
{
    QTest::addColumn<QString>("subCode");
    QTest::addColumn<QString>("words");
    QTest::newRow("more than paid") << QStringLiteral("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL")
                                    << QStringLiteral("more than the customer paid");
    QTest::newRow("no such trade") << QStringLiteral("ACQ.TRADE_NOT_EXIST") << QStringLiteral("no payment");
    QTest::newRow("balance") << QStringLiteral("ACQ.SELLER_BALANCE_NOT_ENOUGH") << QStringLiteral("balance is too low");
    QTest::newRow("finished") << QStringLiteral("ACQ.TRADE_HAS_FINISHED") << QStringLiteral("no longer be refunded");
    QTest::newRow("anything else") << QStringLiteral("ACQ.SOMETHING_NEW") << QStringLiteral("Alipay says no");
}

void TestRefundSession::refusalFails()
{
    QFETCH(QString, subCode);
    QFETCH(QString, words);
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    m_gateway->onRefund = [&](const alipay::TradeRefund&) -> Result<RefundAnswer> {
        return Error(Error::Category::Business, QStringLiteral("Alipay says no"), {}, QStringLiteral("40004"), subCode);
    };
    RefundSession* s = session();
    QSignalSpy failed(s, &RefundSession::failed);
    QSignalSpy unresolved(s, &RefundSession::unresolved);
    s->start(no, yuan(10), QStringLiteral("manager-1"), QString());
    run(s);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(unresolved.size(), 0);
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains(words), qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("10.00")));
    QVERIFY(message.contains(no));
    QCOMPARE(s->lastError().category(), Error::Category::Business);
    QCOMPARE(refundRow(s->outRequestNo()).state, Refund::State::Failed);
    QCOMPARE(m_gateway->calls.size(), 1); // a refusal is not resent
    QCOMPARE(order(no).state, OrderState::Paid);
    QCOMPARE(order(no).refundedAmount, Money());
    // The refusal is in the order's history, for the manager.
    QCOMPARE(events(no).last().subCode, subCode);
    QCOMPARE(events(no).last().to, OrderState::Paid);
    QVERIFY(events(no).last().note.contains(words));
    // The amount is free again.
    RefundSession* again = session();
    m_gateway->onRefund = [this](const alipay::TradeRefund& call) {
        return Result<RefundAnswer>(m_alipay.refund(call));
    };
    again->start(no, yuan(100), QStringLiteral("manager-1"), QString());
    run(again);
    QCOMPARE(order(no).state, OrderState::Refunded);
}

void TestRefundSession::refusalAfterALostAnswerIsConfirmed()
{
    // The first send is lost (and was not made); the resend is refused: a query makes sure the lost
    // one did not go through before the refusal counts.
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    int calls = 0;
    m_gateway->onRefund = [&](const alipay::TradeRefund&) -> Result<RefundAnswer> {
        if (++calls == 1)
            return lostAnswer();
        return business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
    };
    RefundSession* s = session();
    QSignalSpy failed(s, &RefundSession::failed);
    s->start(no, yuan(10), QStringLiteral("manager-1"), QString());
    run(s);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(m_gateway->count(QStringLiteral("refund")), 2);
    QCOMPARE(m_gateway->count(QStringLiteral("refund-query")), 1);
    QCOMPARE(refundRow(s->outRequestNo()).state, Refund::State::Failed);

    // Same, but the lost one had been made: Done, not Failed.
    const QString other = QStringLiteral("T1-20261126-000002");
    paidOrder(other, yuan(100));
    calls = 0;
    m_gateway->onRefund = [&](const alipay::TradeRefund& call) -> Result<RefundAnswer> {
        if (++calls == 1) {
            m_alipay.refund(call);
            return lostAnswer();
        }
        return business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
    };
    RefundSession* made = session();
    QSignalSpy done(made, &RefundSession::done);
    made->start(other, yuan(10), QStringLiteral("manager-1"), QString());
    run(made);
    QCOMPARE(done.size(), 1);
    QCOMPARE(order(other).refundedAmount, yuan(10));
}

void TestRefundSession::fundChangeNOnTheFirstSendIsDone()
{
    // Alipay already made this out_request_no (a run that died before hearing the answer).
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    m_alipay.made[no + QStringLiteral("-R1")] = yuan(40);
    m_alipay.total = yuan(40);
    RefundSession* s = session();
    QSignalSpy done(s, &RefundSession::done);
    s->start(no, yuan(40), QStringLiteral("manager-1"), QString());
    run(s);
    QCOMPARE(done.size(), 1);
    QCOMPARE(m_gateway->calls.size(), 1);
    QCOMPARE(order(no).refundedAmount, yuan(40));
    QVERIFY(events(no).last().note.contains(QStringLiteral("fund_change=N")));
}

void TestRefundSession::networkDownLeavesUnknownThenResumeSettles()
{
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    m_gateway->onRefund = [](const alipay::TradeRefund&) -> Result<RefundAnswer> { return networkDown(); };
    m_gateway->onRefundQuery = [](const alipay::TradeRefundQuery&) -> Result<RefundQueryAnswer> {
        return networkDown();
    };
    RefundSession* s = session();
    QSignalSpy unresolved(s, &RefundSession::unresolved);
    QSignalSpy trouble(s, &RefundSession::connectionTrouble);
    s->start(no, yuan(30), QStringLiteral("manager-1"), QStringLiteral("broken"));
    run(s);
    QCOMPARE(unresolved.size(), 1);
    QCOMPARE(trouble.size(), 1);
    QCOMPARE(m_gateway->count(QStringLiteral("refund")), 3);
    QCOMPARE(m_gateway->count(QStringLiteral("refund-query")), 4);
    QCOMPARE(s->refund().state, Refund::State::Unknown);
    const auto open = m_store->unresolvedRefunds();
    QVERIFY(open.ok());
    QCOMPARE(open->size(), 1);
    QCOMPARE(open->first().outRequestNo, s->outRequestNo());
    QCOMPARE(open->first().state, Refund::State::Unknown);
    QVERIFY(events(no).last().note.contains(QStringLiteral("next start")));
    QCOMPARE(order(no).state, OrderState::Paid);
    // Still spoken for: the lost refund may yet have happened.
    RefundSession* more = session();
    more->start(no, yuan(71), QStringLiteral("manager-1"), QString());
    QCOMPARE(more->lastError().category(), Error::Category::Input);

    // The next start: the network is back. Alipay has no record, so the same request goes again.
    m_gateway->onRefund = [this](const alipay::TradeRefund& call) {
        return Result<RefundAnswer>(m_alipay.refund(call));
    };
    m_gateway->onRefundQuery = [this](const alipay::TradeRefundQuery& call) {
        return Result<RefundQueryAnswer>(m_alipay.query(call));
    };
    m_gateway->calls.clear();
    const QByteArray before = m_gateway->refundBodies.first();
    RefundSession* resumed = session();
    QSignalSpy done(resumed, &RefundSession::done);
    resumed->resume(open->first());
    run(resumed);
    QCOMPARE(done.size(), 1);
    QCOMPARE(m_gateway->calls.size(), 2);
    QVERIFY(m_gateway->calls.at(0).startsWith(QStringLiteral("refund-query@")));
    QVERIFY(m_gateway->calls.at(1).startsWith(QStringLiteral("refund@")));
    QCOMPARE(m_gateway->refundBodies.last(), before);
    QCOMPARE(order(no).refundedAmount, yuan(30));
    QCOMPARE(events(no).last().source, EventSource::Recovery);
    QVERIFY(m_store->unresolvedRefunds()->isEmpty());
}

void TestRefundSession::resumeFindsTheRefundMade()
{
    // Killed after the request went out: Alipay made it; the query settles it, nothing is resent.
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    const auto row = m_store->requestRefund(no, yuan(100), QStringLiteral("manager-1"), QString());
    QVERIFY(row.ok());
    m_alipay.made[row->outRequestNo] = yuan(100);
    m_alipay.total = yuan(100);
    RefundSession* s = session();
    QSignalSpy done(s, &RefundSession::done);
    s->resume(*row);
    run(s);
    QCOMPARE(done.size(), 1);
    QCOMPARE(m_gateway->calls.size(), 1);
    QVERIFY(m_gateway->calls.first().startsWith(QStringLiteral("refund-query@")));
    QCOMPARE(order(no).state, OrderState::Refunded);

    // A refund that another till settled meanwhile is reported as it is, without a call.
    RefundSession* late = session();
    QSignalSpy lateDone(late, &RefundSession::done);
    late->resume(*row);
    QVERIFY(late->isFinished());
    QCOMPARE(lateDone.size(), 1);
    QCOMPARE(m_gateway->calls.size(), 1);
}

void TestRefundSession::resumeLeavesAnotherAppsRefund()
{
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100), QStringLiteral("9021000000000002"));
    const auto row = m_store->requestRefund(no, yuan(10), QStringLiteral("manager-1"), QString());
    QVERIFY(row.ok());
    RefundSession* s = session();
    QSignalSpy unresolved(s, &RefundSession::unresolved);
    s->resume(*row);
    QVERIFY(s->isFinished());
    QCOMPARE(unresolved.size(), 1);
    QVERIFY(unresolved.at(0).at(0).toString().contains(QStringLiteral("9021000000000002")));
    QVERIFY(m_gateway->calls.isEmpty());
    QCOMPARE(refundRow(row->outRequestNo).state, Refund::State::Requested);
}

void TestRefundSession::concurrentRefundsCannotExceedTheTotal()
{
    // Two refunds of one order in flight at once (two tills): together they may take all of it, and no
    // more. A's first answer is lost after Alipay made it; B's answer (refund_fee counting A too)
    // arrives before A's resend is answered.
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(10));
    int aSends = 0;
    m_gateway->onRefund = [&](const alipay::TradeRefund& call) -> Result<RefundAnswer> {
        const RefundAnswer answer = m_alipay.refund(call);
        if (call.outRequestNo.endsWith(QStringLiteral("-R1")) && ++aSends == 1)
            return lostAnswer();
        return answer;
    };
    RefundSession* a = session();
    RefundSession* b = session();
    a->start(no, yuan(6), QStringLiteral("manager-1"), QString());
    b->start(no, yuan(4), QStringLiteral("manager-2"), QString());
    QCOMPARE(a->outRequestNo(), no + QStringLiteral("-R1"));
    QCOMPARE(b->outRequestNo(), no + QStringLiteral("-R2"));

    // While both are in flight nothing more fits, not even a fen: nothing is sent for it.
    RefundSession* c = session();
    c->start(no, Money::fromFen(1), QStringLiteral("manager-3"), QString());
    QVERIFY(c->isFinished());
    QCOMPARE(c->lastError().category(), Error::Category::Input);
    QCOMPARE(m_gateway->count(QStringLiteral("refund")), 2);

    run(b);
    QCOMPARE(b->refund().state, Refund::State::Done);
    QCOMPARE(order(no).state, OrderState::PartiallyRefunded);
    QCOMPARE(order(no).refundedAmount, yuan(4)); // A is not confirmed yet
    run(a);
    QCOMPARE(a->refund().state, Refund::State::Done);
    QCOMPARE(order(no).state, OrderState::Refunded);
    QCOMPARE(order(no).refundedAmount, yuan(10));
    QCOMPARE(m_alipay.total, yuan(10));
    QVERIFY(m_store->unresolvedRefunds()->isEmpty());
}

void TestRefundSession::refundFeeThatDisagreesEndsUnknown()
{
    // The book has 30 refunded; Alipay, after this refund of 10, reports 10 in all. Neither is bent to
    // fit: the refund ends Unknown with Alipay's answer in the reason, for a manager.
    const QString no = QStringLiteral("T1-20261126-000001");
    paidOrder(no, yuan(100));
    QVERIFY(m_store->createRefund(no, QStringLiteral("EARLIER"), yuan(30), QStringLiteral("m"), {}).ok());
    QVERIFY(m_store->finishRefund(QStringLiteral("EARLIER"), Refund::State::Done, yuan(30)).ok());
    RefundSession* s = session();
    QSignalSpy unresolved(s, &RefundSession::unresolved);
    QSignalSpy done(s, &RefundSession::done);
    s->start(no, yuan(10), QStringLiteral("manager-1"), QString());
    run(s);
    QCOMPARE(done.size(), 0);
    QCOMPARE(unresolved.size(), 1);
    const QString reason = unresolved.at(0).at(0).toString();
    QVERIFY2(reason.contains(QStringLiteral("disagrees")) && reason.contains(QStringLiteral("10.00")),
             qPrintable(reason));
    QCOMPARE(refundRow(s->outRequestNo()).state, Refund::State::Unknown);
    QCOMPARE(order(no).refundedAmount, yuan(30));
    QVERIFY(events(no).last().note.contains(QStringLiteral("disagrees")));
    QCOMPARE(m_store->unresolvedRefunds()->size(), 1);
}

QTEST_GUILESS_MAIN(TestRefundSession)
#include "TestRefundSession.moc"
