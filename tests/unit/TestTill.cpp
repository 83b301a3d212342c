// The till on a scripted gateway and manual time: one payment at a time, input checked before
// anything is recorded, its payment relayed, leases kept alive, and every notification routed by the
// rules of DESIGN.md §3 and §5.
#include "ScriptedGateway.h"
#include "alipay/ChinaTime.h"
#include "payment/Till.h"
#include "report/DayCloses.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using namespace counterpay::payment;
using namespace counterpay::testing;
using store::EventSource;
using store::OrderState;

namespace {

const QString kAppId = QStringLiteral("9021000000000001");
const QString kSeller = QStringLiteral("2088000000000001");
const QString kTradeNo = QStringLiteral("2026112622001400000000000001");

notify::Notification paidNotification(const QString& outTradeNo, qint64 fen, const QString& notifyId)
{
    notify::Notification n;
    n.appId = kAppId;
    n.outTradeNo = outTradeNo;
    n.tradeNo = kTradeNo;
    n.tradeStatus = QStringLiteral("TRADE_SUCCESS");
    n.totalAmount = Money::fromFen(fen);
    n.notifyId = notifyId;
    n.sellerId = kSeller;
    return n;
}

} // namespace

class TestTill : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void inputIsCheckedBeforeAnythingIsRecorded_data();
    void inputIsCheckedBeforeAnythingIsRecorded();
    void onePaymentAtATimeAndRelayed();
    void closedDayTakesNoPayment();
    void reloadRefusedWhilePaymentIsLive();
    void heartbeatKeepsTheLiveOrderLeased();
    void notificationForTheLivePaymentEndsItAfterTheAnswer();
    void notificationIsAppliedOnce();
    void notificationsThatAreNotOursAreRefused();
    void notificationForAnOrderNoSessionDrivesIsApplied();
    void notificationForAnOrderAnotherTillDrivesIsInformation();
    void notificationWhileTheCancelIsInFlightIsInformation();
    void needingAttentionLeavesOutLivePayments();
    void refundThenRecoveryOfOneLeftUnknown();
    void managerResolvesAnUnknownOrderByHand();
    void theTillsCashierIsRecorded();
    void signInStartsTheShiftAndHandOverEndsIt();
    void closingTheDayLocksItAndIsReported();

private:
    void install(const QString& sellerId = {});
    QString bookOrder(OrderState state, const store::LeaseOwner& owner = {});
    QList<store::OrderEvent> events(const QString& outTradeNo) const { return *m_till->events(outTradeNo); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ManualScheduler> m_scheduler;
    std::unique_ptr<Till> m_till;
    ScriptedGateway* m_gateway = nullptr; // owned by the till's parts
    store::OrderStore* m_store = nullptr;
};

void TestTill::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 26), QTime(4, 0), QTimeZone::utc()));
    m_scheduler = std::make_unique<ManualScheduler>(*m_clock);
    m_till = std::make_unique<Till>(*m_clock, *m_scheduler);
    install();
}

void TestTill::cleanup()
{
    m_till.reset();
    m_scheduler.reset();
}

void TestTill::install(const QString& sellerId)
{
    TillParts parts;
    parts.gateway.appId = kAppId;
    parts.settings.payment.appId = kAppId;
    parts.settings.payment.terminalId = QStringLiteral("T1");
    parts.settings.payment.cashierId = QStringLiteral("cashier-of-the-config");
    parts.settings.notifySellerId = sellerId;
    auto store = store::OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock);
    QVERIFY(store.ok());
    m_store = store->get();
    parts.store = std::move(*store);
    auto gateway = std::make_unique<ScriptedGateway>(*m_scheduler);
    gateway->clock = m_clock.get();
    gateway->startMs = m_clock->now().toMSecsSinceEpoch();
    m_gateway = gateway.get();
    parts.trades = std::move(gateway);
    QVERIFY(m_till->install(std::move(parts)).ok());
}

QString TestTill::bookOrder(OrderState state, const store::LeaseOwner& owner)
{
    auto number = m_store->nextOutTradeNo(QStringLiteral("T1"), QDate(2026, 11, 26));
    auto created = m_store->create({*number,
                                    kAppId,
                                    Money::fromFen(500),
                                    QStringLiteral("s"),
                                    store::Order::PayMode::Qr,
                                    QStringLiteral("T1"),
                                    {},
                                    m_clock->now().addSecs(300),
                                    owner});
    if (!created)
        return {};
    if (state != OrderState::Created && !m_store->transition(*number, state, EventSource::Gateway, {}, owner))
        return {};
    return *number;
}

void TestTill::inputIsCheckedBeforeAnythingIsRecorded_data()
{
    QTest::addColumn<qint64>("fen");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("authCode");
    QTest::newRow("zero") << qint64(0) << QString() << QString();
    QTest::newRow("over Alipay's limit") << qint64(10'000'000'001) << QString() << QString();
    QTest::newRow("reserved character in the title") << qint64(100) << QStringLiteral("a&b") << QString();
    QTest::newRow("title of 257 characters") << qint64(100) << QString(257, u'咖') << QString();
    QTest::newRow("WeChat code") << qint64(100) << QString() << QStringLiteral("134567890123456789");
    QTest::newRow("UnionPay code") << qint64(100) << QString() << QStringLiteral("6212345678901234567");
    QTest::newRow("too short") << qint64(100) << QString() << QStringLiteral("2800000001");
}

void TestTill::inputIsCheckedBeforeAnythingIsRecorded()
{
    QFETCH(qint64, fen);
    QFETCH(QString, subject);
    QFETCH(QString, authCode);
    auto started = m_till->startPayment({Money::fromFen(fen), subject, authCode, {}});
    QVERIFY(!started.ok());
    QCOMPARE(started.error().category(), Error::Category::Input);
    QVERIFY(!m_till->isPaymentLive());
    QCOMPARE(*m_store->count(), qint64(0));
    QVERIFY(m_gateway->calls.isEmpty());
}

void TestTill::onePaymentAtATimeAndRelayed()
{
    QSignalSpy qr(m_till.get(), &Till::qrReady);
    QSignalSpy paid(m_till.get(), &Till::paid);
    QSignalSpy finished(m_till.get(), &Till::paymentFinished);
    QSignalSpy changed(m_till.get(), &Till::orderChanged);
    int queries = 0;
    m_gateway->onQuery = [&](const alipay::TradeQuery&) {
        return ++queries < 3 ? status("WAIT_BUYER_PAY", 1234) : status("TRADE_SUCCESS", 1234);
    };
    auto started = m_till->startPayment({Money::fromFen(1234), {}, {}, {}});
    QVERIFY(started.ok());
    QCOMPARE(started->state, OrderState::Created);
    QCOMPARE(started->subject, QStringLiteral("门店消费")); // the counter's default title
    QVERIFY(m_till->isPaymentLive());
    auto second = m_till->startPayment({Money::fromFen(100), {}, {}, {}});
    QVERIFY(!second.ok());
    QCOMPARE(*m_store->count(), qint64(1));

    m_scheduler->advance(10'000);
    QCOMPARE(qr.size(), 1);
    QCOMPARE(paid.size(), 1);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<store::Order>().state, OrderState::Paid);
    QVERIFY(!m_till->isPaymentLive());
    QVERIFY(changed.size() >= 4);
    QCOMPARE(changed.last().first().toString(), started->outTradeNo);
    QVERIFY(!m_store->lease(started->outTradeNo)->has_value()); // given back at the end
    QVERIFY(m_till->startPayment({Money::fromFen(100), {}, {}, {}}).ok());
}

void TestTill::closedDayTakesNoPayment()
{
    // 04:30 UTC is 12:30 on the 26th in China.
    m_clock->advanceMs(30 * 60'000);
    report::DayCloses closes(m_store->connection(), *m_clock);
    QVERIFY(closes.close(QDate(2026, 11, 26), QStringLiteral("Wang Fang"), {}).ok());
    auto refused = m_till->startPayment({Money::fromFen(100), {}, {}, {}});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().category(), Error::Category::Permission);
    QVERIFY2(refused.error().message().contains(QStringLiteral("Wang Fang")), qPrintable(refused.error().message()));
    QVERIFY2(refused.error().message().contains(QStringLiteral("12:30")), qPrintable(refused.error().message()));
    QVERIFY(!m_till->isPaymentLive());
    QCOMPARE(*m_store->count(), qint64(0)); // nothing recorded
    QVERIFY(m_gateway->calls.isEmpty());    // nothing sent

    // China's midnight (16:00 UTC) starts the 27th: the close of the 26th no longer stops a sale.
    m_clock->set(QDateTime(QDate(2026, 11, 26), QTime(16, 0), QTimeZone::utc()));
    QVERIFY(m_till->startPayment({Money::fromFen(100), {}, {}, {}}).ok());
}

void TestTill::reloadRefusedWhilePaymentIsLive()
{
    QVERIFY(m_till->startPayment({Money::fromFen(100), {}, {}, {}}).ok());
    TillParts other;
    auto store = store::OrderStore::open(m_dir->filePath(QStringLiteral("other.sqlite")), *m_clock);
    other.store = std::move(*store);
    auto refused = m_till->install(std::move(other));
    QVERIFY(!refused.ok());
    QCOMPARE(m_till->gatewayConfig().appId, kAppId); // still the parts installed first
    QVERIFY(!m_till->load(m_dir->filePath(QStringLiteral("none.ini"))).ok());
    QVERIFY(m_till->isPaymentLive());
}

void TestTill::heartbeatKeepsTheLiveOrderLeased()
{
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("WAIT_BUYER_PAY", 100); };
    auto started = m_till->startPayment({Money::fromFen(100), {}, {}, std::optional<qint64>(120'000)});
    QVERIFY(started.ok());
    store::LeaseOwner elsewhere = store::LeaseOwner::forThisProcess();
    elsewhere.host = QStringLiteral("till-2.shop.lan");
    m_scheduler->advance(90'000); // three times the lease's lifetime
    QCOMPARE(m_store->claimLease(started->outTradeNo, elsewhere)->owner, m_till->owner());
}

void TestTill::notificationForTheLivePaymentEndsItAfterTheAnswer()
{
    QSignalSpy paid(m_till.get(), &Till::paid);
    auto started = m_till->startPayment({Money::fromFen(500), {}, {}, {}});
    QVERIFY(started.ok());
    m_scheduler->advance(1000);
    auto followUp = m_till->acceptNotification(paidNotification(started->outTradeNo, 500, QStringLiteral("n1")));
    QVERIFY(followUp.ok());
    QVERIFY(*followUp);
    QCOMPARE(paid.size(), 0); // not before `success` is on the wire
    (*followUp)();
    QCOMPARE(paid.size(), 1);
    QCOMPARE(events(started->outTradeNo).last().source, EventSource::Notify);
    QCOMPARE(m_till->order(started->outTradeNo)->value().state, OrderState::Paid);
}

void TestTill::notificationIsAppliedOnce()
{
    const QString no = bookOrder(OrderState::AwaitingScan);
    auto first = m_till->acceptNotification(paidNotification(no, 500, QStringLiteral("n1")));
    QVERIFY(first.ok());
    QCOMPARE(m_till->order(no)->value().state, OrderState::Paid);
    const int eventCount = events(no).size();
    auto again = m_till->acceptNotification(paidNotification(no, 500, QStringLiteral("n1")));
    QVERIFY(again.ok()); // answered `success`
    QVERIFY(!*again);
    QCOMPARE(events(no).size(), eventCount);
    // A later notification about the same payment (a new notify_id) changes nothing either.
    QVERIFY(m_till->acceptNotification(paidNotification(no, 500, QStringLiteral("n2"))).ok());
    QCOMPARE(events(no).size(), eventCount);
    QVERIFY(m_gateway->calls.isEmpty());
}

void TestTill::notificationsThatAreNotOursAreRefused()
{
    install(kSeller);
    const QString no = bookOrder(OrderState::AwaitingScan);
    auto otherSeller = paidNotification(no, 500, QStringLiteral("n1"));
    otherSeller.sellerId = QStringLiteral("2088000000000009");
    QCOMPARE(m_till->acceptNotification(otherSeller).error().category(), Error::Category::Security);
    auto otherAmount = paidNotification(no, 501, QStringLiteral("n2"));
    QCOMPARE(m_till->acceptNotification(otherAmount).error().category(), Error::Category::Security);
    auto otherApp = paidNotification(no, 500, QStringLiteral("n3"));
    otherApp.appId = QStringLiteral("9021000000000002");
    QCOMPARE(m_till->acceptNotification(otherApp).error().category(), Error::Category::Security);
    QVERIFY(
        !m_till->acceptNotification(paidNotification(QStringLiteral("T1-20261126-999999"), 500, QStringLiteral("n4")))
             .ok());
    QCOMPARE(m_till->order(no)->value().state, OrderState::AwaitingScan);
    // Refused ones are not remembered: Alipay's resend is judged again.
    QCOMPARE(*m_store->hasNotification(QStringLiteral("n1")), false);
    QVERIFY(m_till->acceptNotification(paidNotification(no, 500, QStringLiteral("n1"))).ok());
    QCOMPARE(m_till->order(no)->value().state, OrderState::Paid);
}

void TestTill::notificationForAnOrderNoSessionDrivesIsApplied()
{
    store::LeaseOwner crashed = store::LeaseOwner::forThisProcess();
    crashed.pid = 0x7ffffff0;
    const QString no = bookOrder(OrderState::AwaitingPayment, crashed);
    QVERIFY(m_till->acceptNotification(paidNotification(no, 500, QStringLiteral("n1"))).ok());
    const store::Order order = m_till->order(no)->value();
    QCOMPARE(order.state, OrderState::Paid);
    QCOMPARE(order.tradeNo, kTradeNo);
    QCOMPARE(events(no).last().source, EventSource::Notify);
    QVERIFY(!m_store->lease(no)->has_value());
}

void TestTill::notificationForAnOrderAnotherTillDrivesIsInformation()
{
    const store::LeaseOwner live = store::LeaseOwner::forThisProcess();
    const QString no = bookOrder(OrderState::AwaitingScan, live);
    auto answered = m_till->acceptNotification(paidNotification(no, 500, QStringLiteral("n1")));
    QVERIFY(answered.ok()); // `success`: the till driving it learns it by its own query
    QCOMPARE(m_till->order(no)->value().state, OrderState::AwaitingScan);
    QCOMPARE(events(no).last().to, OrderState::AwaitingScan);
    QVERIFY(events(no).last().note.contains(live.host));
    // An order whose cancel may be out is not settled by a notification either.
    const QString cancelling = bookOrder(OrderState::Cancelling);
    QVERIFY(m_till->acceptNotification(paidNotification(cancelling, 500, QStringLiteral("n2"))).ok());
    QCOMPARE(m_till->order(cancelling)->value().state, OrderState::Cancelling);
}

void TestTill::notificationWhileTheCancelIsInFlightIsInformation()
{
    QSignalSpy paid(m_till.get(), &Till::paid);
    QSignalSpy refunded(m_till.get(), &Till::refundedOnCancel);
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("WAIT_BUYER_PAY", 500); };
    m_gateway->onCancel = [](const alipay::TradeCancel& call) {
        return Result<alipay::TradeCancel::Response>(
            alipay::TradeCancel::Response{call.outTradeNo, kTradeNo, false, QStringLiteral("refund"), {}});
    };
    auto started = m_till->startPayment({Money::fromFen(500), {}, {}, {}});
    m_scheduler->advance(3000);
    m_gateway->latencyMs = 5000;
    m_till->stopPayment();
    m_scheduler->advance(5100); // the cancel is out
    auto followUp = m_till->acceptNotification(paidNotification(started->outTradeNo, 500, QStringLiteral("n1")));
    QVERIFY(followUp.ok());
    QVERIFY(!*followUp);
    QCOMPARE(events(started->outTradeNo).last().source, EventSource::Notify);
    m_scheduler->advance(5000);
    QCOMPARE(paid.size(), 0);
    QCOMPARE(refunded.size(), 1);
    QCOMPARE(m_till->order(started->outTradeNo)->value().state, OrderState::Refunded);
}

void TestTill::needingAttentionLeavesOutLivePayments()
{
    const QString unknown = bookOrder(OrderState::Unknown);
    auto started = m_till->startPayment({Money::fromFen(100), {}, {}, {}});
    QVERIFY(started.ok());
    auto attention = m_till->needingAttention();
    QVERIFY(attention.ok());
    QCOMPARE(attention->size(), 1);
    QCOMPARE(attention->first().outTradeNo, unknown);
}

void TestTill::managerResolvesAnUnknownOrderByHand()
{
    const QString unknown = bookOrder(OrderState::Unknown);
    const QString paid = bookOrder(OrderState::Paid);
    const QString held = bookOrder(OrderState::Unknown, {QStringLiteral("other-till"), QStringLiteral("h"), 1});
    QSignalSpy changed(m_till.get(), &Till::orderChanged);

    // Not without saying what was checked; never a paid order; never one another till holds.
    QVERIFY(!m_till->resolveByHand(unknown, QStringLiteral("  "), QStringLiteral("李经理")).ok());
    QVERIFY(!m_till->resolveByHand(paid, QStringLiteral("checked"), QStringLiteral("李经理")).ok());
    QCOMPARE(m_till->order(paid)->value().state, OrderState::Paid);
    QVERIFY(!m_till->resolveByHand(held, QStringLiteral("checked"), QStringLiteral("李经理")).ok());
    QCOMPARE(m_till->order(held)->value().state, OrderState::Unknown);
    QCOMPARE(changed.size(), 0);

    auto resolved = m_till->resolveByHand(unknown, QStringLiteral("商户平台查无此交易"), QStringLiteral("李经理"));
    QVERIFY2(resolved.ok(), qPrintable(resolved ? QString() : resolved.error().message()));
    QCOMPARE(resolved->state, OrderState::Closed);
    QCOMPARE(changed.size(), 1);
    const store::OrderEvent last = events(unknown).last();
    QCOMPARE(last.source, EventSource::Manager);
    QCOMPARE(last.to, OrderState::Closed);
    QVERIFY(last.note.contains(QStringLiteral("李经理")));
    QVERIFY(last.note.contains(QStringLiteral("商户平台查无此交易")));
    QVERIFY(!m_store->lease(unknown)->has_value()); // given back
    // Resolved once: a second time is refused, the order stays as it is.
    QVERIFY(!m_till->resolveByHand(unknown, QStringLiteral("again"), QStringLiteral("李经理")).ok());
}

void TestTill::refundThenRecoveryOfOneLeftUnknown()
{
    const QString no = bookOrder(OrderState::Paid);
    QVERIFY(!no.isEmpty());
    QSignalSpy finished(m_till.get(), &Till::refundFinished);
    // Over what was paid: refused here, nothing recorded or sent.
    auto over = m_till->startRefund(no, Money::fromFen(501), QStringLiteral("manager"));
    QVERIFY(!over.ok());
    QCOMPARE(over.error().category(), Error::Category::Input);
    QVERIFY(m_gateway->calls.isEmpty());

    // The network is down for the whole refund: it ends Unknown, kept for recovery.
    m_gateway->onRefund = [](const alipay::TradeRefund&) -> Result<alipay::TradeRefund::Response> {
        return networkDown();
    };
    m_gateway->onRefundQuery = [](const alipay::TradeRefundQuery&) -> Result<alipay::TradeRefundQuery::Response> {
        return networkDown();
    };
    auto started = m_till->startRefund(no, Money::fromFen(200), QStringLiteral("manager"), QStringLiteral("cup"));
    QVERIFY(started.ok());
    QCOMPARE(started->outRequestNo, no + QStringLiteral("-R1"));
    m_scheduler->advance(300'000);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<store::Refund>().state, store::Refund::State::Unknown);
    QCOMPARE(m_till->order(no)->value().state, OrderState::Paid);

    // The network is back: recovery asks, finds nothing made, sends the same refund again.
    m_gateway->onRefund = ScriptedGateway(*m_scheduler).onRefund;
    m_gateway->onRefundQuery = ScriptedGateway(*m_scheduler).onRefundQuery;
    QSignalSpy recovered(m_till.get(), &Till::recoveryFinished);
    QVERIFY(m_till->recover());
    m_scheduler->advance(10'000);
    QCOMPARE(recovered.size(), 1);
    const auto report = recovered.first().first().value<RecoveryReport>();
    QCOMPARE(report.refundsExamined, 1);
    QCOMPARE(report.refundsDone, 1);
    QVERIFY(report.allResolved());
    const store::Order order = m_till->order(no)->value();
    QCOMPARE(order.state, OrderState::PartiallyRefunded);
    QCOMPARE(order.refundedAmount, Money::fromFen(200));
    QVERIFY(!m_store->lease(no)->has_value());
}

// The person logged in at the till, not the config's cashier_id, is the new orders' cashier; the till's
// people and shifts are those of its book, even for parts put together by hand.
void TestTill::theTillsCashierIsRecorded()
{
    QVERIFY(*m_till->people().isEmpty());
    QVERIFY(m_till->people().add(QStringLiteral("王芳"), people::Person::Role::Cashier, u"1234").ok());
    QVERIFY(m_till->shifts().start(QStringLiteral("王芳"), QStringLiteral("T1")).ok());
    QCOMPARE((*m_till->shifts().open(QStringLiteral("T1")))->startedAt, m_clock->now());

    m_till->setCashier(QStringLiteral("王芳"));
    QCOMPARE(m_till->cashier(), QStringLiteral("王芳"));
    auto started = m_till->startPayment({Money::fromFen(100), {}, {}, {}});
    QVERIFY(started.ok());
    QCOMPARE(started->cashierId, QStringLiteral("王芳"));
    QCOMPARE((*m_store->find(started->outTradeNo))->cashierId, QStringLiteral("王芳"));
}

void TestTill::signInStartsTheShiftAndHandOverEndsIt()
{
    QVERIFY(m_till->people().add(QStringLiteral("王芳"), people::Person::Role::Manager, u"2468").ok());
    QVERIFY(!m_till->handOver().ok()); // nobody signed in
    auto wrong = m_till->signIn(QStringLiteral("王芳"), u"1111");
    QVERIFY(!wrong.ok());
    QVERIFY(people::PeopleStore::isWrongPin(wrong.error()));
    QVERIFY(!m_till->shift().has_value());
    QVERIFY(m_till->cashier().isEmpty());

    auto shift = m_till->signIn(QStringLiteral("王芳"), u"2468");
    QVERIFY(shift.ok());
    QCOMPARE(shift->person, QStringLiteral("王芳"));
    QCOMPARE(shift->terminalId, QStringLiteral("T1"));
    QCOMPARE(m_till->cashier(), QStringLiteral("王芳"));
    QCOMPARE((*m_till->shifts().open(QStringLiteral("T1")))->id, shift->id);

    // Not while money is moving: the order would fall between two shifts.
    auto started = m_till->startPayment({Money::fromFen(100), {}, {}, {}});
    QVERIFY(started.ok());
    QCOMPARE(started->cashierId, QStringLiteral("王芳"));
    QVERIFY(!m_till->handOver().ok());
    QVERIFY(m_till->shift().has_value());
    m_till->stopPayment();
    for (int i = 0; i < 60 && m_till->isPaymentLive(); ++i)
        m_scheduler->advance(1000);
    QVERIFY(!m_till->isPaymentLive());

    m_clock->advanceMs(3600'000);
    auto ended = m_till->handOver();
    QVERIFY(ended.ok());
    QCOMPARE(ended->endedAt, m_clock->now());
    QVERIFY(!m_till->shift().has_value());
    QVERIFY(m_till->cashier().isEmpty());
    QVERIFY(!(*m_till->shifts().open(QStringLiteral("T1"))).has_value());
}

void TestTill::closingTheDayLocksItAndIsReported()
{
    // Yesterday (China time) has an order and was never closed: that is what the app warns about.
    const QDate today = alipay::ChinaTime::dayOf(m_clock->now());
    m_clock->advanceMs(-24 * 3600'000);
    QVERIFY(!bookOrder(OrderState::Paid).isEmpty());
    m_clock->advanceMs(24 * 3600'000);
    QCOMPARE(*m_till->lastUnclosedDay(), std::optional<QDate>(today.addDays(-1)));

    QVERIFY(m_till->people().add(QStringLiteral("王芳"), people::Person::Role::Cashier, u"1357").ok());
    auto shift = m_till->signIn(QStringLiteral("王芳"), u"1357");
    QVERIFY(shift.ok());
    QVERIFY(!bookOrder(OrderState::Closed).isEmpty()); // another cashier's: not on her slip
    auto started = m_till->startPayment({Money::fromFen(250), {}, {}, {}});
    QVERIFY(started.ok());
    QVERIFY(!m_till->closeDay(today, QStringLiteral("李经理")).ok()); // money is moving
    m_till->stopPayment();
    for (int i = 0; i < 60 && m_till->isPaymentLive(); ++i)
        m_scheduler->advance(1000);
    QVERIFY(!m_till->isPaymentLive());
    auto slip = m_till->shiftReport(*m_till->shift());
    QVERIFY(slip.ok());
    QCOMPARE(slip->orders, 1);
    QCOMPARE(slip->firstOutTradeNo, started->outTradeNo);

    auto closed = m_till->closeDay(today, QStringLiteral("李经理"));
    QVERIFY2(closed.ok(), qPrintable(closed ? QString() : closed.error().message()));
    QCOMPARE(closed->closedBy, QStringLiteral("李经理"));
    // The figures as they stood when it was closed: the two orders of the day, the first one hers.
    const QJsonObject summary = QJsonDocument::fromJson(closed->summary.toUtf8()).object();
    QCOMPARE(summary.value(u"last_out_trade_no").toString(), started->outTradeNo);
    QCOMPARE((*m_till->dayClose(today))->closedBy, QStringLiteral("李经理"));
    QVERIFY(!m_till->closeDay(today, QStringLiteral("李经理")).ok());
    auto refused = m_till->startPayment({Money::fromFen(100), {}, {}, {}});
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message().contains(QStringLiteral("李经理")));
    QCOMPARE(m_till->dayReport(today)->ordersCreated(), 2);
}

QTEST_GUILESS_MAIN(TestTill)
#include "TestTill.moc"
