// Asynchronous notifications (trade_status_sync) from the sandbox to a receiver on loopback: what is
// sent, that it verifies with core's NotifyVerifier, the retries until `success`, and the faults.
#include "SandboxHarness.h"
#include "alipay/FormCodec.h"
#include "alipay/Timestamp.h"
#include "notify/NotifyVerifier.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <deque>

using namespace counterpay;
using namespace counterpay::test;

namespace {

const QString kPrecreate = QStringLiteral("alipay.trade.precreate");
const QString kPay = QStringLiteral("alipay.trade.pay");
const QString kRefund = QStringLiteral("alipay.trade.refund");
const QString kClose = QStringLiteral("alipay.trade.close");
const QString kCancel = QStringLiteral("alipay.trade.cancel");

// A merchant's notification endpoint: records what arrives, answers from a script.
class Receiver
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray body = "success";
    };

    Receiver()
    {
        m_server.route(QStringLiteral("/notify"), [this](const QHttpServerRequest& request) {
            m_bodies.append(request.body());
            for (const auto& [name, value] : request.headers()) {
                if (name.compare("content-type", Qt::CaseInsensitive) == 0)
                    m_contentTypes.append(value);
            }
            Answer answer = m_script.empty() ? m_default : m_script.front();
            if (!m_script.empty())
                m_script.pop_front();
            return QHttpServerResponse(QByteArrayLiteral("text/plain"), answer.body,
                                       static_cast<QHttpServerResponder::StatusCode>(answer.status));
        });
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1/notify").arg(m_port); }
    bool isListening() const { return m_port != 0; }
    void script(std::initializer_list<Answer> answers) { m_script.assign(answers.begin(), answers.end()); }
    void setDefault(Answer answer) { m_default = std::move(answer); }
    const QList<QByteArray>& bodies() const { return m_bodies; }
    const QList<QByteArray>& contentTypes() const { return m_contentTypes; }
    int count() const { return static_cast<int>(m_bodies.size()); }

    alipay::Params params(int index) const
    {
        auto params = alipay::FormCodec::decode(m_bodies.value(index));
        return params ? *params : alipay::Params();
    }

    void clear()
    {
        m_bodies.clear();
        m_contentTypes.clear();
        m_script.clear();
        m_default = {};
    }

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QList<QByteArray> m_bodies;
    QList<QByteArray> m_contentTypes;
    std::deque<Answer> m_script;
    Answer m_default;
};

QJsonObject precreateBiz(const QString& outTradeNo, const QString& amount = QStringLiteral("12.34"))
{
    return {{QStringLiteral("out_trade_no"), outTradeNo},
            {QStringLiteral("total_amount"), amount},
            {QStringLiteral("subject"), QStringLiteral("Noodles 面")}};
}

} // namespace

class TestSandboxNotify : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void paidTradeNotifies();
    void subjectStartingWithByteOrderMark();
    void retriesUntilExactlySuccess();
    void givesUpAfterTheLastAttempt();
    void refundsNotify();
    void closingNotifiesOnlyExistingTrades();
    void barcodePaymentNotifies();
    void duplicateFault();
    void outOfOrderFault();
    void deliveryResumesAfterRestart();

private:
    QString precreate(const QString& outTradeNo, const QString& amount = QStringLiteral("12.34"));
    notify::Notification verified(int index);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    std::unique_ptr<SandboxClient> m_client;
    Receiver m_receiver;
};

void TestSandboxNotify::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_receiver.isListening());
    QCOMPARE(initSandbox(m_dir.path()).exitCode, 0);
    QVERIFY2(m_sandbox.start(m_dir.path(), {QStringLiteral("--notify-retry-ms"), QStringLiteral("100"),
                                            QStringLiteral("--notify-attempts"), QStringLiteral("5")}),
             qPrintable(m_sandbox.error()));
    m_client = std::make_unique<SandboxClient>(m_sandbox.configPath());
    QVERIFY2(m_client->isValid(), qPrintable(m_client->error()));
}

void TestSandboxNotify::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

void TestSandboxNotify::init()
{
    // Let stragglers of the previous test arrive before starting over.
    QTest::qWait(300);
    m_receiver.clear();
    QCOMPARE(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status, 200);
}

QString TestSandboxNotify::precreate(const QString& outTradeNo, const QString& amount)
{
    auto answer = m_client->call(kPrecreate, precreateBiz(outTradeNo, amount), m_receiver.url());
    return answer && answer->isSuccess() ? answer->node.value(u"qr_code").toString() : QString();
}

notify::Notification TestSandboxNotify::verified(int index)
{
    const notify::NotifyVerifier verifier(m_client->config().alipayPublicKey, m_client->config().appId);
    auto notification = verifier.verify(m_receiver.bodies().value(index));
    if (!notification) {
        qWarning("notification %d does not verify: %s", index, qPrintable(notification.error().toString()));
        return {};
    }
    return *notification;
}

void TestSandboxNotify::paidTradeNotifies()
{
    const QString no = uniqueTradeNo(QStringLiteral("N-PAID"));
    QVERIFY(!precreate(no).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), no).status, 200);
    QTest::qWait(300);
    QCOMPARE(m_receiver.count(), 0); // WAIT_BUYER_PAY is not notified (Alipay's default)
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 1, 5000);

    QVERIFY(m_receiver.contentTypes().first().startsWith("application/x-www-form-urlencoded"));
    const notify::Notification notification = verified(0);
    QCOMPARE(notification.outTradeNo, no);
    QCOMPARE(notification.tradeStatus, QStringLiteral("TRADE_SUCCESS"));
    QVERIFY(notification.meansPaid());
    QCOMPARE(notification.totalAmount.toString(), QStringLiteral("12.34"));
    QCOMPARE(notification.notifyType, QStringLiteral("trade_status_sync"));

    const alipay::Params params = notification.params;
    const auto text = [&](const char* key) { return params.value(QString::fromLatin1(key)); };
    for (const char* key :
         {"notify_time",      "notify_type",  "notify_id",    "app_id",       "auth_app_id",    "charset",
          "version",          "sign_type",    "sign",         "trade_no",     "out_trade_no",   "buyer_id",
          "buyer_logon_id",   "seller_id",    "trade_status", "total_amount", "receipt_amount", "invoice_amount",
          "buyer_pay_amount", "point_amount", "subject",      "gmt_create",   "gmt_payment",    "fund_bill_list"})
        QVERIFY2(!text(key).isEmpty(), key);
    QCOMPARE(text("charset"), QStringLiteral("utf-8"));
    QCOMPARE(text("version"), QStringLiteral("1.0"));
    QCOMPARE(text("sign_type"), QStringLiteral("RSA2"));
    QCOMPARE(text("subject"), QStringLiteral("Noodles 面"));
    QCOMPARE(text("receipt_amount"), QStringLiteral("12.34"));
    QCOMPARE(text("buyer_pay_amount"), QStringLiteral("12.34"));
    QCOMPARE(text("point_amount"), QStringLiteral("0.00"));
    QVERIFY(text("buyer_id").startsWith(QStringLiteral("2088")));
    QVERIFY(text("seller_id").startsWith(QStringLiteral("2088")));
    QVERIFY(text("buyer_logon_id").contains(QStringLiteral("***")));
    for (const char* time : {"notify_time", "gmt_create", "gmt_payment"})
        QVERIFY2(alipay::Timestamp::parse(text(time)).has_value(), time);
    const QJsonArray bills = QJsonDocument::fromJson(text("fund_bill_list").toUtf8()).array();
    QCOMPARE(bills.first().toObject().value(u"fundChannel").toString(), QStringLiteral("ALIPAYACCOUNT"));
    QCOMPARE(bills.first().toObject().value(u"amount").toString(), QStringLiteral("12.34"));
    QVERIFY(!params.contains(QStringLiteral("gmt_close")));
    QVERIFY(!params.contains(QStringLiteral("refund_fee")));

    // Answered `success`: no second delivery.
    QTest::qWait(800);
    QCOMPARE(m_receiver.count(), 1);
    const QJsonArray listed =
        httpGet(m_sandbox.url(QStringLiteral("/sandbox/notifications"))).json().value(u"notifications").toArray();
    QJsonObject mine;
    for (const QJsonValue& entry : listed) {
        if (entry.toObject().value(u"out_trade_no").toString() == no)
            mine = entry.toObject();
    }
    QCOMPARE(mine.value(u"state").toString(), QStringLiteral("delivered"));
    QCOMPARE(mine.value(u"attempts").toInt(), 1);
}

// The subject as the app sent it, U+FEFF first, comes back in the signed notification, and the
// notification verifies.
void TestSandboxNotify::subjectStartingWithByteOrderMark()
{
    const QString subject = QString(QChar(0xFEFF)) + QStringLiteral("面");
    const QString no = uniqueTradeNo(QStringLiteral("N-BOM"));
    QJsonObject biz = precreateBiz(no);
    biz.insert(QStringLiteral("subject"), subject);
    auto answer = m_client->call(kPrecreate, biz, m_receiver.url());
    QVERIFY(answer.ok() && answer->isSuccess());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 1, 5000);
    QVERIFY(m_receiver.bodies().first().contains("subject=%EF%BB%BF%E9%9D%A2"));
    const notify::Notification notification = verified(0);
    QCOMPARE(notification.outTradeNo, no);
    QCOMPARE(notification.params.value(QStringLiteral("subject")), subject);
}

void TestSandboxNotify::retriesUntilExactlySuccess()
{
    // Only the exact text `success` ends the retries: not an error status, not "SUCCESS", not
    // "success" with a newline.
    m_receiver.script({{200, "fail"}, {500, "oops"}, {200, "success\n"}, {200, "SUCCESS"}, {200, "success"}});
    const QString no = uniqueTradeNo(QStringLiteral("N-RETRY"));
    QVERIFY(!precreate(no).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 5, 10000);
    QTest::qWait(1000);
    QCOMPARE(m_receiver.count(), 5);
    // The same notification each time (same notify_id), and each verifies.
    const QString notifyId = m_receiver.params(0).value(QStringLiteral("notify_id"));
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(m_receiver.params(i).value(QStringLiteral("notify_id")), notifyId);
        QCOMPARE(verified(i).outTradeNo, no);
    }
}

void TestSandboxNotify::givesUpAfterTheLastAttempt()
{
    m_receiver.setDefault({200, "fail"});
    const QString no = uniqueTradeNo(QStringLiteral("N-GIVEUP"));
    QVERIFY(!precreate(no).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 5, 10000);
    QTest::qWait(2000);
    QCOMPARE(m_receiver.count(), 5);
    const QJsonArray listed =
        httpGet(m_sandbox.url(QStringLiteral("/sandbox/notifications"))).json().value(u"notifications").toArray();
    bool found = false;
    for (const QJsonValue& entry : listed) {
        const QJsonObject notification = entry.toObject();
        if (notification.value(u"out_trade_no").toString() != no)
            continue;
        found = true;
        QCOMPARE(notification.value(u"state").toString(), QStringLiteral("abandoned"));
        QCOMPARE(notification.value(u"attempts").toInt(), 5);
        QVERIFY(notification.value(u"last_result").toString().contains(QStringLiteral("fail")));
    }
    QVERIFY(found);
}

void TestSandboxNotify::refundsNotify()
{
    const QString no = uniqueTradeNo(QStringLiteral("N-REFUND"));
    QVERIFY(!precreate(no, QStringLiteral("10.00")).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 1, 5000);

    const auto refund = [&](const QString& requestNo, const QString& amount) {
        return m_client->call(kRefund, {{QStringLiteral("out_trade_no"), no},
                                        {QStringLiteral("refund_amount"), amount},
                                        {QStringLiteral("out_request_no"), requestNo}});
    };
    QCOMPARE(refund(QStringLiteral("P1"), QStringLiteral("4.00"))->code(), QStringLiteral("10000"));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 2, 5000);
    const notify::Notification partial = verified(1);
    QCOMPARE(partial.tradeStatus, QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(partial.params.value(QStringLiteral("out_biz_no")), QStringLiteral("P1"));
    QCOMPARE(partial.params.value(QStringLiteral("refund_fee")), QStringLiteral("4.00"));
    QVERIFY(!partial.params.value(QStringLiteral("gmt_refund")).isEmpty());

    // A refund resent (fund_change=N) moves no money and notifies nothing.
    QCOMPARE(refund(QStringLiteral("P1"), QStringLiteral("4.00"))->node.value(u"fund_change").toString(),
             QStringLiteral("N"));
    QCOMPARE(refund(QStringLiteral("P2"), QStringLiteral("6.00"))->code(), QStringLiteral("10000"));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 3, 5000);
    const notify::Notification full = verified(2);
    QCOMPARE(full.tradeStatus, QStringLiteral("TRADE_CLOSED"));
    QVERIFY(!full.meansPaid());
    QCOMPARE(full.params.value(QStringLiteral("refund_fee")), QStringLiteral("10.00"));
    QCOMPARE(full.params.value(QStringLiteral("out_biz_no")), QStringLiteral("P2"));
    QVERIFY(alipay::Timestamp::parse(full.params.value(QStringLiteral("gmt_close"))).has_value());
    QTest::qWait(500);
    QCOMPARE(m_receiver.count(), 3);
}

void TestSandboxNotify::closingNotifiesOnlyExistingTrades()
{
    const QString scanned = uniqueTradeNo(QStringLiteral("N-CLOSE"));
    QVERIFY(!precreate(scanned).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), scanned).status, 200);
    QCOMPARE(m_client->call(kClose, {{QStringLiteral("out_trade_no"), scanned}})->code(), QStringLiteral("10000"));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 1, 5000);
    const notify::Notification closed = verified(0);
    QCOMPARE(closed.tradeStatus, QStringLiteral("TRADE_CLOSED"));
    QCOMPARE(closed.params.value(QStringLiteral("receipt_amount")), QStringLiteral("0.00"));
    QVERIFY(!closed.params.contains(QStringLiteral("gmt_payment")));

    // Never scanned: the trade never existed for Alipay, so nobody is told it closed.
    const QString unscanned = uniqueTradeNo(QStringLiteral("N-CANCEL"));
    QVERIFY(!precreate(unscanned).isEmpty());
    QCOMPARE(m_client->call(kCancel, {{QStringLiteral("out_trade_no"), unscanned}})->code(), QStringLiteral("10000"));
    QTest::qWait(800);
    QCOMPARE(m_receiver.count(), 1);
}

void TestSandboxNotify::barcodePaymentNotifies()
{
    const QString no = uniqueTradeNo(QStringLiteral("N-BAR"));
    auto paid = m_client->call(kPay,
                               {{QStringLiteral("out_trade_no"), no},
                                {QStringLiteral("scene"), QStringLiteral("bar_code")},
                                {QStringLiteral("auth_code"), QStringLiteral("281001000000000001")},
                                {QStringLiteral("total_amount"), QStringLiteral("2.00")},
                                {QStringLiteral("subject"), QStringLiteral("Tea")}},
                               m_receiver.url());
    QCOMPARE(paid->code(), QStringLiteral("10003"));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 1, 8000);
    QCOMPARE(verified(0).tradeStatus, QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(verified(0).outTradeNo, no);
}

void TestSandboxNotify::duplicateFault()
{
    QVERIFY(m_sandbox.setFaults(QJsonObject{
        {QStringLiteral("faults"), QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("notify_duplicate")},
                                                          {QStringLiteral("count"), 1}}}}}));
    const QString no = uniqueTradeNo(QStringLiteral("N-DUP"));
    QVERIFY(!precreate(no).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 2, 5000);
    QTest::qWait(500);
    QCOMPARE(m_receiver.count(), 2);
    QCOMPARE(m_receiver.bodies().at(0), m_receiver.bodies().at(1));
    QCOMPARE(verified(1).outTradeNo, no);
}

void TestSandboxNotify::outOfOrderFault()
{
    QVERIFY(m_sandbox.setFaults(
        QJsonObject{{QStringLiteral("faults"),
                     QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("notify_out_of_order")},
                                            {QStringLiteral("ms"), 2000}}}}}));
    const QString no = uniqueTradeNo(QStringLiteral("N-ORDER"));
    QVERIFY(!precreate(no, QStringLiteral("5.00")).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    // Half the hold apart: the older notification must not fall due alone before the newer one.
    QTest::qWait(1000);
    QCOMPARE(m_client
                 ->call(kRefund, {{QStringLiteral("out_trade_no"), no},
                                  {QStringLiteral("refund_amount"), QStringLiteral("5.00")},
                                  {QStringLiteral("out_request_no"), QStringLiteral("ALL")}})
                 ->code(),
             QStringLiteral("10000"));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 2, 10000);
    // The newer news first: a receiver must not let a stale TRADE_SUCCESS undo TRADE_CLOSED.
    QCOMPARE(verified(0).tradeStatus, QStringLiteral("TRADE_CLOSED"));
    QCOMPARE(verified(1).tradeStatus, QStringLiteral("TRADE_SUCCESS"));
}

void TestSandboxNotify::deliveryResumesAfterRestart()
{
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    SandboxProcess sandbox;
    QVERIFY(sandbox.start(dir.path(), {QStringLiteral("--notify-retry-ms"), QStringLiteral("1500")}));
    SandboxClient client(sandbox.configPath());
    m_receiver.setDefault({503, "down"});
    const QString no = uniqueTradeNo(QStringLiteral("N-RESUME"));
    QVERIFY(client.call(kPrecreate, precreateBiz(no), m_receiver.url())->isSuccess());
    QCOMPARE(sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 1, 5000);
    QCOMPARE(sandbox.stop(), 0);

    m_receiver.setDefault({200, "success"});
    QVERIFY(sandbox.start(dir.path(), {QStringLiteral("--notify-retry-ms"), QStringLiteral("1500")}));
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.count(), 2, 8000);
    QCOMPARE(m_receiver.params(1).value(QStringLiteral("out_trade_no")), no);
    QCOMPARE(sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TestSandboxNotify)
#include "TestSandboxNotify.moc"
