// PaymentSession driven through every path of DESIGN.md §5 with a scripted gateway and manual time:
// no network, no sleeping, every request and every order event checked.
#include "ScriptedGateway.h"
#include "common/Scheduler.h"
#include "payment/PaymentSession.h"
#include "payment/Recovery.h"
#include "store/OrderStore.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using namespace counterpay::payment;
using counterpay::config::PaymentOptions;
using counterpay::store::EventSource;
using counterpay::store::OrderState;
using Query = alipay::TradeQuery::Response;
using namespace counterpay::testing;

class TestPaymentSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void qrPaidAfterScan();
    void qrPollTimesFollowTheSchedule();
    void qrExpiresThenCancelCloses();
    void cashierStopCancels();
    void paidAtTheLastSecondIsNotCancelled();
    void cancelThatRefundsIsReported();
    void cancelThatNeverGetsThroughLeavesUnknown();
    void answerWithAnotherAmountIsNeverPaid();
    void precreateRetriesResendTheSameRequest();
    void precreateRefusedFails();
    void connectionTroubleIsReportedOnceAndRecovers();
    void barcodePaidAtOnce();
    void barcodePendingThenPaid();
    void barcodeRefusedFailsWithAlipaysMessage();
    void barcodeUnknownIsQueriedAndResent();
    void notificationResolvesAtOnce();
    void notificationWhileTheCancelIsInFlightDoesNotDecide();
    void notificationBeforeTheCancelIsSentEndsPaid();
    void paidAnswerTheBookRefusesIsUnknown();
    void paidWhileTheDiskFailsIsToldAndRecordedLater();
    void recoveryLeavesOtherAppsAndLiveSessionsAlone();
    void recoveryResolvesEveryOpenOrder();
    void closedAtAlipayIsCheckedForARefund_data();
    void closedAtAlipayIsCheckedForARefund();

private:
    PaymentSession* session(PaymentOptions options = {});
    PaymentContext context() const
    {
        return PaymentContext{*m_store, *m_gateway, *m_scheduler, *m_clock, m_leaseOwner};
    }
    QList<store::OrderEvent> events(const QString& outTradeNo) const;
    QList<OrderState> states(const QString& outTradeNo) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ManualScheduler> m_scheduler;
    std::unique_ptr<store::OrderStore> m_store;
    std::unique_ptr<ScriptedGateway> m_gateway;
    std::unique_ptr<QObject> m_owner; // parent of the sessions, gone before the scheduler
    store::LeaseOwner m_leaseOwner = store::LeaseOwner::forThisProcess();
};

void TestPaymentSession::init()
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
}

void TestPaymentSession::cleanup()
{
    m_owner.reset();
    m_gateway.reset();
    m_store.reset();
    m_scheduler.reset();
}

PaymentSession* TestPaymentSession::session(PaymentOptions options)
{
    options.appId = QStringLiteral("9021000000000001");
    options.terminalId = QStringLiteral("T1");
    if (!m_owner)
        m_owner = std::make_unique<QObject>();
    return new PaymentSession(context(), options, m_owner.get());
}

QList<store::OrderEvent> TestPaymentSession::events(const QString& outTradeNo) const
{
    auto list = m_store->events(outTradeNo);
    return list ? *list : QList<store::OrderEvent>();
}

QList<OrderState> TestPaymentSession::states(const QString& outTradeNo) const
{
    QList<OrderState> result;
    for (const auto& event : events(outTradeNo))
        result.append(event.to);
    return result;
}

void TestPaymentSession::qrPaidAfterScan()
{
    PaymentSession* s = session();
    QSignalSpy qr(s, &PaymentSession::qrReady);
    QSignalSpy scanned(s, &PaymentSession::scanned);
    QSignalSpy paid(s, &PaymentSession::paid);
    QSignalSpy finished(s, &PaymentSession::finished);
    int queries = 0;
    m_gateway->onQuery = [&](const alipay::TradeQuery&) -> Result<Query> {
        ++queries;
        if (queries <= 2)
            return notExist();
        if (queries <= 4)
            return status("WAIT_BUYER_PAY", 1234);
        return status("TRADE_SUCCESS", 1234);
    };
    s->startQr(Money::fromFen(1234), QStringLiteral("咖啡"));
    // The order is committed before the first request leaves.
    QCOMPARE(m_gateway->calls, QStringList{QStringLiteral("precreate@0")});
    auto stored = m_store->find(s->outTradeNo());
    QVERIFY(stored.ok() && stored->has_value());
    QCOMPARE(stored->value().state, OrderState::Created);
    QVERIFY(s->outTradeNo().startsWith(QStringLiteral("T1-20261126-")));

    m_scheduler->advance(10000);
    QCOMPARE(qr.size(), 1);
    QCOMPARE(qr.first().first().toString(), QStringLiteral("https://qr.alipay.com/bax1"));
    QCOMPARE(scanned.size(), 1);
    QCOMPARE(paid.size(), 1);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(s->order().state, OrderState::Paid);
    QCOMPARE(s->order().tradeNo, QStringLiteral("2026112622001400000000000001"));
    QCOMPARE(states(s->outTradeNo()), (QList<OrderState>{OrderState::Created, OrderState::AwaitingScan,
                                                         OrderState::AwaitingPayment, OrderState::Paid}));
    QCOMPARE(events(s->outTradeNo()).last().source, EventSource::Query);
    QCOMPARE(m_gateway->count(QStringLiteral("cancel")), 0);
    const int callsAtPaid = m_gateway->calls.size();
    m_scheduler->advance(60000);
    QCOMPARE(m_gateway->calls.size(), callsAtPaid); // nothing more once paid
}

void TestPaymentSession::qrPollTimesFollowTheSchedule()
{
    PaymentSession* s = session();
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(35000);
    // precreate answered at 50 ms; first query 1.5 s later, then every 1 s (+50 ms answer each time).
    QStringList queries = m_gateway->calls.filter(QStringLiteral("query@"));
    QCOMPARE(queries.value(0), QStringLiteral("query@1550"));
    QCOMPARE(queries.value(1), QStringLiteral("query@2600"));
    QCOMPARE(queries.value(2), QStringLiteral("query@3650"));
    // After 30 s of waiting the interval becomes 2 s.
    const qint64 last = queries.last().mid(6).toLongLong();
    const qint64 beforeLast = queries[queries.size() - 2].mid(6).toLongLong();
    QCOMPARE(last - beforeLast, 2050);
}

void TestPaymentSession::qrExpiresThenCancelCloses()
{
    PaymentOptions options;
    options.qrLifetimeMs = 20000;
    PaymentSession* s = session(options);
    QSignalSpy failed(s, &PaymentSession::failed);
    QSignalSpy timeLeft(s, &PaymentSession::timeLeft);
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(19000);
    QCOMPARE(m_gateway->count(QStringLiteral("cancel")), 0);
    QVERIFY(timeLeft.size() >= 18);
    QVERIFY(timeLeft.last().first().toInt() <= 1);
    m_scheduler->advance(3000);
    QCOMPARE(m_gateway->count(QStringLiteral("cancel")), 1);
    QCOMPARE(s->order().state, OrderState::Closed);
    QCOMPARE(failed.size(), 1);
    const auto history = states(s->outTradeNo());
    QCOMPARE(history.mid(history.size() - 2), (QList<OrderState>{OrderState::Cancelling, OrderState::Closed}));
    // The last query before the cancel is the final one, sent after the deadline.
    const QStringList tail = m_gateway->calls.mid(m_gateway->calls.size() - 2);
    QVERIFY(tail[0].startsWith(QStringLiteral("query@")) && tail[0].mid(6).toLongLong() >= 20000);
    QVERIFY(tail[1].startsWith(QStringLiteral("cancel@")));
    // The QR's own lifetime at Alipay matches ours.
    QVERIFY(m_gateway->createBodies.first().contains("\"qr_code_timeout_express\":\"1m\""));
}

void TestPaymentSession::cashierStopCancels()
{
    PaymentSession* s = session();
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(5000);
    s->stop();
    m_scheduler->advance(1000);
    QCOMPARE(s->order().state, OrderState::Closed);
    const auto history = events(s->outTradeNo());
    QCOMPARE(history[history.size() - 2].to, OrderState::Cancelling);
    QCOMPARE(history[history.size() - 2].source, EventSource::Cashier);
    QCOMPARE(history.last().source, EventSource::Cancel);
}

void TestPaymentSession::paidAtTheLastSecondIsNotCancelled()
{
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    bool stopped = false;
    m_gateway->onQuery = [&](const alipay::TradeQuery&) -> Result<Query> {
        return stopped ? status("TRADE_SUCCESS", 100) : Result<Query>(status("WAIT_BUYER_PAY", 100));
    };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(3000);
    stopped = true; // the customer pays just as the cashier presses stop
    s->stop();
    m_scheduler->advance(1000);
    QCOMPARE(paid.size(), 1);
    QCOMPARE(s->order().state, OrderState::Paid);
    QCOMPARE(m_gateway->count(QStringLiteral("cancel")), 0);
}

void TestPaymentSession::cancelThatRefundsIsReported()
{
    PaymentSession* s = session();
    QSignalSpy refunded(s, &PaymentSession::refundedOnCancel);
    m_gateway->onQuery = [](const alipay::TradeQuery&) -> Result<Query> { return networkDown(); };
    m_gateway->onCancel = [](const alipay::TradeCancel& call) {
        return Result<alipay::TradeCancel::Response>(alipay::TradeCancel::Response{
            call.outTradeNo, QStringLiteral("2026"), false, QStringLiteral("refund"), {}});
    };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(2000);
    s->stop();
    m_scheduler->advance(1000);
    QCOMPARE(refunded.size(), 1);
    QCOMPARE(s->order().state, OrderState::Refunded);
    QCOMPARE(s->order().refundedAmount, Money::fromFen(100));
}

void TestPaymentSession::cancelThatNeverGetsThroughLeavesUnknown()
{
    PaymentSession* s = session();
    QSignalSpy unresolved(s, &PaymentSession::unresolved);
    m_gateway->onQuery = [](const alipay::TradeQuery&) -> Result<Query> { return networkDown(); };
    m_gateway->onCancel = [](const alipay::TradeCancel&) -> Result<alipay::TradeCancel::Response> {
        return Error::unknown(QStringLiteral("no answer"));
    };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(2000);
    s->stop();
    m_scheduler->advance(120000);
    QCOMPARE(m_gateway->count(QStringLiteral("cancel")), PaymentOptions().maxCancelAttempts);
    QCOMPARE(unresolved.size(), 1);
    QCOMPARE(s->order().state, OrderState::Unknown);
    QVERIFY(!s->order().reason.isEmpty());
    auto open = m_store->unresolved();
    QVERIFY(open.ok());
    QCOMPARE(open->size(), 1); // retried at the next start
}

void TestPaymentSession::answerWithAnotherAmountIsNeverPaid()
{
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("TRADE_SUCCESS", 1); };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(5000);
    QCOMPARE(paid.size(), 0);
    QCOMPARE(s->order().state, OrderState::Unknown);
    QVERIFY(s->order().reason.contains(QStringLiteral("0.01")));
}

void TestPaymentSession::precreateRetriesResendTheSameRequest()
{
    PaymentSession* s = session();
    QSignalSpy qr(s, &PaymentSession::qrReady);
    int attempts = 0;
    m_gateway->onPrecreate = [&](const alipay::TradePrecreate& call) -> Result<alipay::TradePrecreate::Response> {
        if (++attempts < 3)
            return Error::unknown(QStringLiteral("timeout"));
        return alipay::TradePrecreate::Response{call.outTradeNo, QStringLiteral("https://qr.alipay.com/bax2")};
    };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(5000);
    QCOMPARE(qr.size(), 1);
    QCOMPARE(m_gateway->count(QStringLiteral("precreate")), 3);
    QCOMPARE(m_gateway->createBodies.size(), 3);
    QCOMPARE(m_gateway->createBodies[1], m_gateway->createBodies[0]);
    QCOMPARE(m_gateway->createBodies[2], m_gateway->createBodies[0]);
}

void TestPaymentSession::precreateRefusedFails()
{
    PaymentSession* s = session();
    QSignalSpy failed(s, &PaymentSession::failed);
    m_gateway->onPrecreate = [](const alipay::TradePrecreate&) -> Result<alipay::TradePrecreate::Response> {
        return Error(Error::Category::Config, QStringLiteral("no permission"), {}, QStringLiteral("40006"),
                     QStringLiteral("isv.insufficient-isv-permissions"));
    };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(1000);
    QCOMPARE(s->order().state, OrderState::Failed);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(events(s->outTradeNo()).last().subCode, QStringLiteral("isv.insufficient-isv-permissions"));
}

void TestPaymentSession::connectionTroubleIsReportedOnceAndRecovers()
{
    PaymentSession* s = session();
    QSignalSpy trouble(s, &PaymentSession::connectionTrouble);
    QSignalSpy recovered(s, &PaymentSession::connectionRecovered);
    int queries = 0;
    m_gateway->onQuery = [&](const alipay::TradeQuery&) -> Result<Query> {
        ++queries;
        if (queries >= 2 && queries <= 6)
            return networkDown();
        if (queries < 9)
            return notExist();
        return status("TRADE_SUCCESS", 100);
    };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(20000);
    QCOMPARE(trouble.size(), 1);
    QCOMPARE(recovered.size(), 1);
    QCOMPARE(s->order().state, OrderState::Paid);
}

void TestPaymentSession::barcodePaidAtOnce()
{
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    m_gateway->onPay = [](const alipay::TradePay& call) {
        alipay::TradePay::Response response;
        response.outcome = alipay::TradePay::Response::Outcome::Paid;
        response.outTradeNo = call.outTradeNo;
        response.tradeNo = QStringLiteral("2026");
        response.totalAmount = call.totalAmount;
        return Result<alipay::TradePay::Response>(response);
    };
    s->startBarcode(Money::fromFen(500), QStringLiteral("s"), QStringLiteral("287654321098765432"));
    m_scheduler->advance(1000);
    QCOMPARE(paid.size(), 1);
    QCOMPARE(m_gateway->calls, QStringList{QStringLiteral("pay@0")});
    QCOMPARE(states(s->outTradeNo()), (QList<OrderState>{OrderState::Created, OrderState::Paid}));
    QCOMPARE(s->order().mode, store::Order::PayMode::Barcode);
}

void TestPaymentSession::barcodePendingThenPaid()
{
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    m_gateway->onPay = [](const alipay::TradePay& call) {
        alipay::TradePay::Response response;
        response.outcome = alipay::TradePay::Response::Outcome::Pending;
        response.outTradeNo = call.outTradeNo;
        return Result<alipay::TradePay::Response>(response);
    };
    int queries = 0;
    m_gateway->onQuery = [&](const alipay::TradeQuery&) {
        return ++queries < 4 ? status("WAIT_BUYER_PAY", 500) : status("TRADE_SUCCESS", 500);
    };
    s->startBarcode(Money::fromFen(500), QStringLiteral("s"), QStringLiteral("287654321098765432"));
    m_scheduler->advance(10000);
    QCOMPARE(paid.size(), 1);
    QCOMPARE(states(s->outTradeNo()),
             (QList<OrderState>{OrderState::Created, OrderState::AwaitingPayment, OrderState::Paid}));
}

void TestPaymentSession::barcodeRefusedFailsWithAlipaysMessage()
{
    PaymentSession* s = session();
    QSignalSpy failed(s, &PaymentSession::failed);
    m_gateway->onPay = [](const alipay::TradePay&) -> Result<alipay::TradePay::Response> {
        return Error(Error::Category::Business, QStringLiteral("余额不足"), {}, QStringLiteral("40004"),
                     QStringLiteral("ACQ.BUYER_BALANCE_NOT_ENOUGH"));
    };
    s->startBarcode(Money::fromFen(500), QStringLiteral("s"), QStringLiteral("287654321098765432"));
    m_scheduler->advance(1000);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().toString(), QStringLiteral("余额不足"));
    QCOMPARE(s->order().state, OrderState::Failed);
    QCOMPARE(m_gateway->count(QStringLiteral("query")), 0);
}

void TestPaymentSession::barcodeUnknownIsQueriedAndResent()
{
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    int pays = 0;
    m_gateway->onPay = [&](const alipay::TradePay& call) -> Result<alipay::TradePay::Response> {
        if (++pays == 1)
            return Error::unknown(QStringLiteral("20000"));
        alipay::TradePay::Response response;
        response.outcome = alipay::TradePay::Response::Outcome::Paid;
        response.outTradeNo = call.outTradeNo;
        response.totalAmount = call.totalAmount;
        return response;
    };
    s->startBarcode(Money::fromFen(500), QStringLiteral("s"), QStringLiteral("287654321098765432"));
    m_scheduler->advance(2000);
    QCOMPARE(m_gateway->calls.mid(0, 3),
             (QStringList{QStringLiteral("pay@0"), QStringLiteral("query@50"), QStringLiteral("pay@100")}));
    QCOMPARE(m_gateway->createBodies[0], m_gateway->createBodies[1]);
    QCOMPARE(paid.size(), 1);
}

void TestPaymentSession::notificationResolvesAtOnce()
{
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(1200);
    s->applyNotifiedPayment(QStringLiteral("2026"), Money::fromFen(100), QStringLiteral("159****5620"));
    QCOMPARE(paid.size(), 1);
    QCOMPARE(events(s->outTradeNo()).last().source, EventSource::Notify);
    QCOMPARE(events(s->outTradeNo()).last().to, OrderState::Paid);
}

void TestPaymentSession::notificationWhileTheCancelIsInFlightDoesNotDecide()
{
    // Issue 7, race 1: the customer pays between the final query and the cancel; Alipay's
    // notification arrives while the (slow) cancel is in flight. The cancel refunds the payment, so
    // the order must end Refunded, never Paid.
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    QSignalSpy refunded(s, &PaymentSession::refundedOnCancel);
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("WAIT_BUYER_PAY", 888); };
    m_gateway->onCancel = [](const alipay::TradeCancel& call) {
        return Result<alipay::TradeCancel::Response>(alipay::TradeCancel::Response{
            call.outTradeNo, QStringLiteral("2026112622001400000000000001"), false, QStringLiteral("refund"), {}});
    };
    s->startQr(Money::fromFen(888), QStringLiteral("s"));
    m_scheduler->advance(3000);
    m_gateway->latencyMs = 5000; // the final query goes out now, answered in 5 s; then the cancel, in 5 s
    s->stop();
    m_scheduler->advance(5100); // the final query's answer: still waiting; the cancel is sent
    QCOMPARE(m_gateway->count(QStringLiteral("cancel")), 1);
    QCOMPARE(s->order().state, OrderState::Cancelling);
    QVERIFY(!s->acceptsNotifiedPayment());
    QVERIFY(!s->applyNotifiedPayment(QStringLiteral("2026112622001400000000000001"), Money::fromFen(888),
                                     QStringLiteral("159****5620")));
    QCOMPARE(paid.size(), 0);
    QCOMPARE(s->order().state, OrderState::Cancelling);
    QCOMPARE(events(s->outTradeNo()).last().source, EventSource::Notify); // kept as information
    QCOMPARE(events(s->outTradeNo()).last().to, OrderState::Cancelling);
    m_scheduler->advance(5000); // the cancel's answer: refunded
    QCOMPARE(paid.size(), 0);
    QCOMPARE(refunded.size(), 1);
    QCOMPARE(s->order().state, OrderState::Refunded);
    QVERIFY(s->isFinished());
}

void TestPaymentSession::notificationBeforeTheCancelIsSentEndsPaid()
{
    // Stopped, the final query still out: no cancel has been sent, so the payment stands.
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("WAIT_BUYER_PAY", 100); };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(3000);
    m_gateway->latencyMs = 2000;
    s->stop();
    m_scheduler->advance(500);
    QVERIFY(s->acceptsNotifiedPayment());
    QVERIFY(s->applyNotifiedPayment(QStringLiteral("2026112622001400000000000001"), Money::fromFen(100), {}));
    QCOMPARE(paid.size(), 1);
    QCOMPARE(s->order().state, OrderState::Paid);
    m_scheduler->advance(10000);
    QCOMPARE(m_gateway->count(QStringLiteral("cancel")), 0);
}

void TestPaymentSession::paidAnswerTheBookRefusesIsUnknown()
{
    // Issue 7, race 3: the book holds trade A (from the 10003 answer); a query reports trade B paid.
    // That is not the trade the book knows: the cashier must not hear "paid".
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    QSignalSpy unresolved(s, &PaymentSession::unresolved);
    m_gateway->onPay = [](const alipay::TradePay& call) -> Result<alipay::TradePay::Response> {
        alipay::TradePay::Response response;
        response.outTradeNo = call.outTradeNo;
        response.tradeNo = QStringLiteral("2026112622001400000000000009");
        response.outcome = alipay::TradePay::Response::Outcome::Pending;
        return response;
    };
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("TRADE_SUCCESS", 100); };
    s->startBarcode(Money::fromFen(100), QStringLiteral("s"), QStringLiteral("281003000000000001"));
    m_scheduler->advance(5000);
    QCOMPARE(paid.size(), 0);
    QCOMPARE(unresolved.size(), 1);
    QCOMPARE(s->order().state, OrderState::Unknown);
    QVERIFY2(s->order().reason.contains(QStringLiteral("2026112622001400000000000009")), qPrintable(s->order().reason));
}

void TestPaymentSession::paidWhileTheDiskFailsIsToldAndRecordedLater()
{
    // Issue 7, race 3: a write that fails for the disk's sake (here: another program holds the write
    // lock past the busy timeout) does not take the payment back. The cashier hears "paid" and the
    // book gets it as soon as it can.
    PaymentSession* s = session();
    QSignalSpy paid(s, &PaymentSession::paid);
    QSignalSpy trouble(s, &PaymentSession::recordingTrouble);
    QSignalSpy finished(s, &PaymentSession::finished);
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("WAIT_BUYER_PAY", 100); };
    s->startQr(Money::fromFen(100), QStringLiteral("s"));
    m_scheduler->advance(2000);
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blocker"));
        other.setDatabaseName(m_store->path());
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("TRADE_SUCCESS", 100); };
        m_scheduler->advance(1100); // the next query says paid; the write waits out the busy timeout
        QCOMPARE(paid.size(), 1);
        QCOMPARE(trouble.size(), 1);
        QCOMPARE(finished.size(), 0);
        QCOMPARE(paid.first().first().value<store::Order>().state, OrderState::Paid);
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        lock.finish();
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("blocker"));
    m_scheduler->advance(3000);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(paid.size(), 1);
    auto stored = m_store->find(s->outTradeNo());
    QVERIFY(stored.ok() && stored->has_value());
    QCOMPARE(stored->value().state, OrderState::Paid);
    QCOMPARE(stored->value().tradeNo, QStringLiteral("2026112622001400000000000001"));
}

void TestPaymentSession::recoveryLeavesOtherAppsAndLiveSessionsAlone()
{
    // Issue 7, race 2: recovery settles only its own app's orders, and none a live session drives.
    const auto make = [this](const QString& appId, const store::LeaseOwner& owner) {
        auto number = m_store->nextOutTradeNo(QStringLiteral("T1"), QDate(2026, 11, 26));
        auto created = m_store->create({*number,
                                        appId,
                                        Money::fromFen(100),
                                        QStringLiteral("s"),
                                        store::Order::PayMode::Qr,
                                        QStringLiteral("T1"),
                                        {},
                                        m_clock->now().addSecs(-1),
                                        owner});
        return created ? created->outTradeNo : QString();
    };
    store::LeaseOwner live = store::LeaseOwner::forThisProcess(); // another till of this very process
    store::LeaseOwner gone = store::LeaseOwner::forThisProcess();
    gone.pid = 0x7ffffff0; // no such process: its till crashed
    const QString otherApps = make(QStringLiteral("9021000000000002"), {});
    const QString driven = make(QStringLiteral("9021000000000001"), live);
    const QString orphaned = make(QStringLiteral("9021000000000001"), gone);
    QVERIFY(!otherApps.isEmpty() && !driven.isEmpty() && !orphaned.isEmpty());
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("TRADE_SUCCESS", 100); };

    PaymentOptions options;
    options.appId = QStringLiteral("9021000000000001");
    Recovery recovery(context(), options);
    QSignalSpy done(&recovery, &Recovery::finished);
    recovery.run();
    m_scheduler->advance(5000);
    QCOMPARE(done.size(), 1);
    const auto report = done.first().first().value<RecoveryReport>();
    QCOMPARE(report.otherApp, 1);
    QCOMPARE(report.busy, 1);
    QCOMPARE(report.paid, 1);
    QCOMPARE(m_gateway->count(QStringLiteral("query")), 1); // only about the orphaned order
    QCOMPARE(m_store->find(otherApps)->value().state, OrderState::Created);
    QCOMPARE(m_store->find(driven)->value().state, OrderState::Created);
    QCOMPARE(m_store->find(orphaned)->value().state, OrderState::Paid);
    QVERIFY(report.lines.join(u'\n').contains(QStringLiteral("belongs to app 9021000000000002")));
    // The lease of the order it settled is given back; the live one is untouched.
    QVERIFY(!m_store->lease(orphaned)->has_value());
    QCOMPARE(m_store->lease(driven)->value().owner, live);

    // Once the live till's heartbeat stops, its lease runs out and the order is recovered.
    m_clock->advanceMs(store::OrderStore::kLeaseTtlMs + 1000);
    live.host = QStringLiteral("another-machine"); // (on this host the process still runs)
    QVERIFY(m_store->releaseLease(driven, m_store->lease(driven)->value().owner).ok());
    QVERIFY(m_store->claimLease(driven, live).ok());
    m_clock->advanceMs(store::OrderStore::kLeaseTtlMs + 1000);
    Recovery again(context(), options);
    QSignalSpy doneAgain(&again, &Recovery::finished);
    again.run();
    m_scheduler->advance(5000);
    QCOMPARE(doneAgain.size(), 1);
    QCOMPARE(m_store->find(driven)->value().state, OrderState::Paid);
}

void TestPaymentSession::recoveryResolvesEveryOpenOrder()
{
    // Three orders left behind by a "crash": one paid meanwhile, one never scanned, one whose cancel
    // failed before. Recovery must settle all three.
    QStringList numbers;
    for (int i = 0; i < 3; ++i) {
        auto number = m_store->nextOutTradeNo(QStringLiteral("T1"), QDate(2026, 11, 26));
        QVERIFY(number.ok());
        numbers << *number;
        QVERIFY(m_store
                    ->create({*number,
                              QStringLiteral("9021000000000001"),
                              Money::fromFen(100 * (i + 1)),
                              QStringLiteral("s"),
                              store::Order::PayMode::Qr,
                              QStringLiteral("T1"),
                              {},
                              m_clock->now().addSecs(60),
                              {}})
                    .ok());
    }
    QVERIFY(m_store->transition(numbers[0], OrderState::AwaitingScan, EventSource::Gateway).ok());
    QVERIFY(m_store->transition(numbers[2], OrderState::Unknown, EventSource::Cancel).ok());
    m_gateway->onQuery = [&](const alipay::TradeQuery& call) -> Result<Query> {
        if (call.outTradeNo == numbers[0])
            return status("TRADE_SUCCESS", 100);
        return notExist();
    };
    PaymentOptions options;
    options.appId = QStringLiteral("9021000000000001");
    Recovery recovery(context(), options);
    QSignalSpy finished(&recovery, &Recovery::finished);
    m_clock->advanceMs(120000); // their time has passed
    recovery.run();
    m_scheduler->advance(10000);
    QCOMPARE(finished.size(), 1);
    const auto report = finished.first().first().value<RecoveryReport>();
    QCOMPARE(report.examined, 3);
    QCOMPARE(report.paid, 1);
    QCOMPARE(report.closed, 2);
    QVERIFY(report.allResolved());
    QCOMPARE(m_store->unresolved()->size(), 0);
    QCOMPARE(events(numbers[0]).last().source, EventSource::Recovery);
}

void TestPaymentSession::closedAtAlipayIsCheckedForARefund_data()
{
    QTest::addColumn<bool>("refunded");
    QTest::addColumn<bool>("resumed");
    QTest::newRow("closed, never paid") << false << false;
    QTest::newRow("paid then refunded by a cancel") << true << false;
    QTest::newRow("recovery after a killed cancel") << true << true;
}

void TestPaymentSession::closedAtAlipayIsCheckedForARefund()
{
    QFETCH(bool, refunded);
    QFETCH(bool, resumed);
    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("TRADE_CLOSED", 100); };
    QString refundRequestNo;
    m_gateway->onRefundQuery = [&](const alipay::TradeRefundQuery& call) {
        refundRequestNo = call.outRequestNo;
        alipay::TradeRefundQuery::Response response;
        response.outTradeNo = call.outTradeNo;
        response.refunded = refunded;
        response.refundAmount = Money::fromFen(refunded ? 100 : 0);
        return Result<alipay::TradeRefundQuery::Response>(response);
    };
    PaymentSession* s = session();
    QSignalSpy refundedSpy(s, &PaymentSession::refundedOnCancel);
    QSignalSpy failed(s, &PaymentSession::failed);
    if (resumed) {
        auto number = m_store->nextOutTradeNo(QStringLiteral("T1"), QDate(2026, 11, 26));
        QVERIFY(number.ok());
        QVERIFY(m_store
                    ->create({*number,
                              QStringLiteral("9021000000000001"),
                              Money::fromFen(100),
                              QStringLiteral("s"),
                              store::Order::PayMode::Qr,
                              QStringLiteral("T1"),
                              {},
                              m_clock->now(),
                              {}})
                    .ok());
        auto cancelling = m_store->transition(*number, OrderState::Cancelling, EventSource::Cancel);
        QVERIFY(cancelling.ok());
        s->resume(*cancelling);
    } else {
        s->startQr(Money::fromFen(100), QStringLiteral("s"));
    }
    m_scheduler->advance(5000);
    QCOMPARE(refundRequestNo, s->outTradeNo()); // a cancel's refund is filed under out_trade_no
    QCOMPARE(s->order().state, refunded ? OrderState::Refunded : OrderState::Closed);
    QCOMPARE(refundedSpy.size(), refunded ? 1 : 0);
    QCOMPARE(failed.size(), refunded ? 0 : 1);
    QCOMPARE(m_gateway->count(QStringLiteral("cancel")), 0);
    if (refunded)
        QCOMPARE(s->order().refundedAmount, Money::fromFen(100));
}

QTEST_GUILESS_MAIN(TestPaymentSession)
#include "TestPaymentSession.moc"
