#include "alipay/ChinaTime.h"
#include "store/Masking.h"
#include "store/Order.h"
#include "store/OrderState.h"
#include "store/Refund.h"

#include <QSet>
#include <QTest>

using namespace counterpay::store;

Q_DECLARE_METATYPE(OrderState)
Q_DECLARE_METATYPE(EventSource)

namespace {

// The transition table of the order's life, written out pair by pair as the design states it; the
// code's switch is checked against it, not against itself.
const QSet<QString> kAllowed{
    QStringLiteral("created>awaiting_scan"),
    QStringLiteral("created>awaiting_payment"),
    QStringLiteral("created>paid"),
    QStringLiteral("created>failed"),
    QStringLiteral("created>cancelling"),
    QStringLiteral("created>closed"),
    QStringLiteral("created>unknown"),
    QStringLiteral("awaiting_scan>awaiting_payment"),
    QStringLiteral("awaiting_scan>paid"),
    QStringLiteral("awaiting_scan>cancelling"),
    QStringLiteral("awaiting_scan>closed"),
    QStringLiteral("awaiting_scan>unknown"),
    QStringLiteral("awaiting_payment>paid"),
    QStringLiteral("awaiting_payment>cancelling"),
    QStringLiteral("awaiting_payment>closed"),
    QStringLiteral("awaiting_payment>failed"),
    QStringLiteral("awaiting_payment>unknown"),
    QStringLiteral("cancelling>closed"),
    QStringLiteral("cancelling>refunded"),
    QStringLiteral("cancelling>paid"),
    QStringLiteral("cancelling>unknown"),
    QStringLiteral("unknown>paid"),
    QStringLiteral("unknown>closed"),
    QStringLiteral("unknown>refunded"),
    QStringLiteral("unknown>cancelling"),
    QStringLiteral("unknown>failed"),
    QStringLiteral("unknown>awaiting_payment"),
    QStringLiteral("paid>partially_refunded"),
    QStringLiteral("paid>refunded"),
    QStringLiteral("partially_refunded>partially_refunded"),
    QStringLiteral("partially_refunded>refunded"),
};

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

} // namespace

class TestOrderStoreStates : public QObject
{
    Q_OBJECT

private slots:
    void stateNames_data();
    void stateNames();
    void sourceNames_data();
    void sourceNames();
    void badNamesRejected_data();
    void badNamesRejected();
    void finalStates_data();
    void finalStates();
    void canMoveTable_data();
    void canMoveTable();
    void tableSize();
    void payModeAndRefundNames();
    void masking_data();
    void masking();
    void businessDay_data();
    void businessDay();
};

void TestOrderStoreStates::stateNames_data()
{
    QTest::addColumn<OrderState>("state");
    QTest::addColumn<QString>("name");
    QTest::newRow("created") << OrderState::Created << QStringLiteral("created");
    QTest::newRow("awaiting_scan") << OrderState::AwaitingScan << QStringLiteral("awaiting_scan");
    QTest::newRow("awaiting_payment") << OrderState::AwaitingPayment << QStringLiteral("awaiting_payment");
    QTest::newRow("paid") << OrderState::Paid << QStringLiteral("paid");
    QTest::newRow("cancelling") << OrderState::Cancelling << QStringLiteral("cancelling");
    QTest::newRow("closed") << OrderState::Closed << QStringLiteral("closed");
    QTest::newRow("failed") << OrderState::Failed << QStringLiteral("failed");
    QTest::newRow("unknown") << OrderState::Unknown << QStringLiteral("unknown");
    QTest::newRow("partially_refunded") << OrderState::PartiallyRefunded << QStringLiteral("partially_refunded");
    QTest::newRow("refunded") << OrderState::Refunded << QStringLiteral("refunded");
}

void TestOrderStoreStates::stateNames()
{
    QFETCH(OrderState, state);
    QFETCH(QString, name);
    QCOMPARE(orderStateName(state), name);
    QCOMPARE(parseOrderState(name), std::optional<OrderState>(state));
}

void TestOrderStoreStates::sourceNames_data()
{
    QTest::addColumn<EventSource>("source");
    QTest::addColumn<QString>("name");
    QTest::newRow("cashier") << EventSource::Cashier << QStringLiteral("cashier");
    QTest::newRow("query") << EventSource::Query << QStringLiteral("query");
    QTest::newRow("notify") << EventSource::Notify << QStringLiteral("notify");
    QTest::newRow("cancel") << EventSource::Cancel << QStringLiteral("cancel");
    QTest::newRow("recovery") << EventSource::Recovery << QStringLiteral("recovery");
    QTest::newRow("gateway") << EventSource::Gateway << QStringLiteral("gateway");
    QTest::newRow("manager") << EventSource::Manager << QStringLiteral("manager");
}

void TestOrderStoreStates::sourceNames()
{
    QFETCH(EventSource, source);
    QFETCH(QString, name);
    QCOMPARE(eventSourceName(source), name);
    QCOMPARE(parseEventSource(name), std::optional<EventSource>(source));
}

void TestOrderStoreStates::badNamesRejected_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("capitalised") << QStringLiteral("Paid");
    QTest::newRow("enum spelling") << QStringLiteral("AwaitingScan");
    QTest::newRow("trailing space") << QStringLiteral("paid ");
    QTest::newRow("dash") << QStringLiteral("awaiting-scan");
    QTest::newRow("other word") << QStringLiteral("success");
}

void TestOrderStoreStates::badNamesRejected()
{
    QFETCH(QString, name);
    QVERIFY(!parseOrderState(name));
    QVERIFY(!parseEventSource(name));
    QVERIFY(!parsePayMode(name));
    QVERIFY(!parseRefundState(name));
}

void TestOrderStoreStates::finalStates_data()
{
    QTest::addColumn<OrderState>("state");
    QTest::addColumn<bool>("final");
    QTest::newRow("created") << OrderState::Created << false;
    QTest::newRow("awaiting_scan") << OrderState::AwaitingScan << false;
    QTest::newRow("awaiting_payment") << OrderState::AwaitingPayment << false;
    QTest::newRow("paid") << OrderState::Paid << true;
    QTest::newRow("cancelling") << OrderState::Cancelling << false;
    QTest::newRow("closed") << OrderState::Closed << true;
    QTest::newRow("failed") << OrderState::Failed << true;
    QTest::newRow("unknown is retried") << OrderState::Unknown << false;
    QTest::newRow("partially_refunded") << OrderState::PartiallyRefunded << true;
    QTest::newRow("refunded") << OrderState::Refunded << true;
}

void TestOrderStoreStates::finalStates()
{
    QFETCH(OrderState, state);
    QFETCH(bool, final);
    QCOMPARE(isFinal(state), final);
}

void TestOrderStoreStates::canMoveTable_data()
{
    QTest::addColumn<OrderState>("from");
    QTest::addColumn<OrderState>("to");
    QTest::addColumn<bool>("allowed");
    for (OrderState from : kAllOrderStates) {
        for (OrderState to : kAllOrderStates) {
            const QString key = orderStateName(from) + u'>' + orderStateName(to);
            QTest::addRow("%s -> %s", qPrintable(orderStateName(from)), qPrintable(orderStateName(to)))
                << from << to << kAllowed.contains(key);
        }
    }
}

void TestOrderStoreStates::canMoveTable()
{
    QFETCH(OrderState, from);
    QFETCH(OrderState, to);
    QFETCH(bool, allowed);
    QCOMPARE(canMove(from, to), allowed);
}

void TestOrderStoreStates::tableSize()
{
    int allowed = 0;
    for (OrderState from : kAllOrderStates) {
        for (OrderState to : kAllOrderStates)
            allowed += canMove(from, to) ? 1 : 0;
    }
    QCOMPARE(kAllOrderStates.size(), std::size_t(10));
    QCOMPARE(allowed, int(kAllowed.size()));
    QCOMPARE(allowed, 31);
    // Nothing leaves the ends of the road, and nothing ever goes back to Created.
    for (OrderState to : kAllOrderStates) {
        QVERIFY(!canMove(OrderState::Closed, to));
        QVERIFY(!canMove(OrderState::Failed, to));
        QVERIFY(!canMove(OrderState::Refunded, to));
        QVERIFY(!canMove(to, OrderState::Created));
    }
}

void TestOrderStoreStates::payModeAndRefundNames()
{
    QCOMPARE(payModeName(Order::PayMode::Qr), QStringLiteral("qr"));
    QCOMPARE(payModeName(Order::PayMode::Barcode), QStringLiteral("barcode"));
    QCOMPARE(parsePayMode(u"barcode"), std::optional(Order::PayMode::Barcode));
    QCOMPARE(parsePayMode(u"qr"), std::optional(Order::PayMode::Qr));
    for (Refund::State state :
         {Refund::State::Requested, Refund::State::Done, Refund::State::Failed, Refund::State::Unknown})
        QCOMPARE(parseRefundState(refundStateName(state)), std::optional(state));
    QCOMPARE(refundStateName(Refund::State::Done), QStringLiteral("done"));
}

void TestOrderStoreStates::masking_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("masked");
    QTest::newRow("user id") << "user"
                             << "2088102146225135"
                             << "2088****5135";
    QTest::newRow("user id, masked already") << "user"
                                             << "2088****5135"
                                             << "2088****5135";
    QTest::newRow("user id, spaces") << "user"
                                     << " 2088102146225135 "
                                     << "2088****5135";
    QTest::newRow("user id, short") << "user"
                                    << "20881021"
                                    << "****";
    QTest::newRow("user id, empty") << "user"
                                    << ""
                                    << "";
    QTest::newRow("open id style") << "user"
                                   << "074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5"
                                   << "074a****oCo5";
    QTest::newRow("logon id, masked by Alipay") << "logon"
                                                << "159****5620"
                                                << "159****5620";
    QTest::newRow("logon id, email masked by Alipay") << "logon"
                                                      << "abc***@163.com"
                                                      << "abc***@163.com";
    QTest::newRow("logon id, phone") << "logon"
                                     << "15901825620"
                                     << "159****5620";
    QTest::newRow("logon id, email") << "logon"
                                     << "zhangsan@example.com"
                                     << "zha***@example.com";
    QTest::newRow("logon id, short email") << "logon"
                                           << "ab@example.com"
                                           << "a***@example.com";
    QTest::newRow("logon id, short") << "logon"
                                     << "1234567"
                                     << "****";
    QTest::newRow("auth code 18 digits") << "auth"
                                         << "286123456789012345"
                                         << "28****2345";
    QTest::newRow("auth code 24 digits") << "auth"
                                         << "251234567890123456789012"
                                         << "25****9012";
    QTest::newRow("auth code too short to show") << "auth"
                                                 << "123456789"
                                                 << "****";
}

void TestOrderStoreStates::masking()
{
    QFETCH(QString, kind);
    QFETCH(QString, input);
    QFETCH(QString, masked);
    const QString got = kind == QStringLiteral("user")    ? Masking::buyerUserId(input)
                        : kind == QStringLiteral("logon") ? Masking::buyerLogonId(input)
                                                          : Masking::authCode(input);
    QCOMPARE(got, masked);
}

void TestOrderStoreStates::businessDay_data()
{
    QTest::addColumn<QDateTime>("instant");
    QTest::addColumn<QDate>("day");
    QTest::newRow("16:30 UTC is the next morning in China") << utc(2026, 11, 25, 16, 30) << QDate(2026, 11, 26);
    QTest::newRow("last millisecond of the China day") << utc(2026, 11, 25, 15, 59, 59, 999) << QDate(2026, 11, 25);
    QTest::newRow("China midnight") << utc(2026, 11, 25, 16, 0) << QDate(2026, 11, 26);
    QTest::newRow("UTC midnight") << utc(2026, 11, 26, 0, 0) << QDate(2026, 11, 26);
    QTest::newRow("new year") << utc(2026, 12, 31, 16, 0) << QDate(2027, 1, 1);
    QTest::newRow("given in another offset")
        << QDateTime(QDate(2026, 11, 25), QTime(20, 0), Qt::OffsetFromUTC, -5 * 3600) << QDate(2026, 11, 26);
}

void TestOrderStoreStates::businessDay()
{
    QFETCH(QDateTime, instant);
    QFETCH(QDate, day);
    QCOMPARE(counterpay::alipay::ChinaTime::dayOf(instant), day);
    QVERIFY(counterpay::alipay::ChinaTime::startOfDay(day) <= instant);
    QVERIFY(instant < counterpay::alipay::ChinaTime::endOfDay(day));
    QCOMPARE(counterpay::alipay::ChinaTime::startOfDay(QDate(2026, 11, 26)), utc(2026, 11, 25, 16, 0));
    QCOMPARE(counterpay::alipay::ChinaTime::endOfDay(QDate(2026, 11, 26)), utc(2026, 11, 26, 16, 0));
}

QTEST_GUILESS_MAIN(TestOrderStoreStates)
#include "TestOrderStoreStates.moc"
