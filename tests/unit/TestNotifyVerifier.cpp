#include "TestSupport.h"
#include "alipay/FormCodec.h"
#include "alipay/PublicKey.h"
#include "notify/NotifyVerifier.h"

#include <QFile>
#include <QTest>

using counterpay::Error;
using counterpay::Money;
using counterpay::alipay::FormCodec;
using counterpay::alipay::Params;
using counterpay::alipay::PublicKey;
using counterpay::notify::Notification;
using counterpay::notify::NotifyVerifier;
using namespace Qt::StringLiterals;

namespace {

const QString kAppId = u"2021000000000001"_s;

QByteArray readFixture(const QString& name)
{
    QFile file(QStringLiteral(COUNTERPAY_TEST_DATA "/notify/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

PublicKey publicKeyFrom(const QString& path)
{
    auto key = PublicKey::fromFile(QStringLiteral(COUNTERPAY_TEST_DATA "/") + path);
    if (!key)
        qFatal("fixture key refused: %s", qPrintable(key.error().toString()));
    return *key;
}

NotifyVerifier verifier()
{
    return NotifyVerifier(publicKeyFrom(u"verify/alipay_test_public.pem"_s), kAppId);
}

Params paidParams()
{
    auto params = FormCodec::decode(readFixture(u"paid.form"_s));
    if (!params)
        qFatal("paid.form does not decode");
    return *params;
}

QString describe(const counterpay::Result<Notification>& result)
{
    return result.ok() ? u"accepted: "_s + result->tradeStatus : result.error().toString();
}

} // namespace

class TestNotifyVerifier : public QObject
{
    Q_OBJECT

private slots:
    void accepted_data();
    void accepted();
    void fields();
    void rejected_data();
    void rejected();
    void everySignedFieldIsCovered_data();
    void everySignedFieldIsCovered();
    void signTypeIsNotSigned();
    void decodedExactlyOnce();
    void reencodingDoesNotMatter();
    void knownAnswerFromAlipaySdk();
    void valueStartingWithByteOrderMark();
};

void TestNotifyVerifier::accepted_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("tradeStatus");
    QTest::addColumn<bool>("meansPaid");
    QTest::newRow("success") << u"paid.form"_s << u"TRADE_SUCCESS"_s << true;
    QTest::newRow("success, no sign_type") << u"paid-no-sign-type.form"_s << u"TRADE_SUCCESS"_s << true;
    QTest::newRow("finished") << u"finished.form"_s << u"TRADE_FINISHED"_s << true;
    QTest::newRow("closed") << u"closed.form"_s << u"TRADE_CLOSED"_s << false;
    QTest::newRow("waiting") << u"waiting.form"_s << u"WAIT_BUYER_PAY"_s << false;
}

void TestNotifyVerifier::accepted()
{
    QFETCH(QString, file);
    QFETCH(QString, tradeStatus);
    QFETCH(bool, meansPaid);
    const auto notification = verifier().verify(readFixture(file));
    QVERIFY2(notification.ok(), qPrintable(describe(notification)));
    QCOMPARE(notification->tradeStatus, tradeStatus);
    QCOMPARE(notification->meansPaid(), meansPaid);
    QCOMPARE(notification->appId, kAppId);
    QCOMPARE(notification->outTradeNo, u"T1-20240501-0001"_s);
    QCOMPARE(notification->totalAmount, Money::fromFen(8888));
}

void TestNotifyVerifier::fields()
{
    const auto n = verifier().verify(readFixture(u"paid.form"_s));
    QVERIFY2(n.ok(), qPrintable(describe(n)));
    QCOMPARE(n->tradeNo, u"2024050122001456781000012345"_s);
    QCOMPARE(n->receiptAmount, std::optional<Money>(Money::fromFen(8888)));
    QCOMPARE(n->notifyId, u"2024050100222120001234560512345678"_s);
    QCOMPARE(n->notifyTime, u"2024-05-01 12:00:02"_s);
    QCOMPARE(n->notifyType, u"trade_status_sync"_s);
    QCOMPARE(n->buyerId, u"2088102177846880"_s);
    QCOMPARE(n->sellerId, u"2088102177000000"_s);
    QCOMPARE(n->gmtCreate, u"2024-05-01 12:00:00"_s);
    QCOMPARE(n->gmtPayment, u"2024-05-01 12:00:01"_s);
    // A JSON text value arrives with its quotes and brackets, URL-encoded in the body.
    QCOMPARE(n->params.value(u"fund_bill_list"_s), uR"([{"amount":"88.88","fundChannel":"ALIPAYACCOUNT"}])"_s);
    // An empty value is a parameter too, and was signed as "body=".
    QVERIFY(n->params.contains(u"body"_s));
    QVERIFY(n->params.value(u"body"_s).isEmpty());
    QCOMPARE(n->params.value(u"subject"_s), QStringLiteral("咖啡 ×2 (10% off, code A+B %2B)"));
}

void TestNotifyVerifier::rejected_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Error::Category>("category");

    const auto security = Error::Category::Security;
    const auto input = Error::Category::Input;
    const QByteArray paid = readFixture(u"paid.form"_s);
    QTest::newRow("signed with another key") << readFixture(u"other-key.form"_s) << security;
    QTest::newRow("another app's notification") << readFixture(u"other-app.form"_s) << security;
    QTest::newRow("no app_id") << readFixture(u"missing-app-id.form"_s) << security;
    QTest::newRow("sign_type RSA") << readFixture(u"sign-type-rsa.form"_s) << security;
    QTest::newRow("sign_type RSA2 changed to RSA")
        << QByteArray(paid).replace("sign_type=RSA2", "sign_type=RSA") << security;
    QTest::newRow("unsigned") << QByteArray(paid.left(paid.indexOf("&sign="))) << security;
    QTest::newRow("empty sign") << QByteArray(paid.left(paid.indexOf("&sign=")) + "&sign=") << security;
    QTest::newRow("empty body") << QByteArray() << security;
    QTest::newRow("total_amount 1e3") << readFixture(u"bad-amount.form"_s) << input;
    QTest::newRow("negative total_amount") << readFixture(u"negative-amount.form"_s) << input;
    QTest::newRow("no trade_status") << readFixture(u"missing-trade-status.form"_s) << input;
    QTest::newRow("no out_trade_no") << readFixture(u"missing-out-trade-no.form"_s) << input;
    QTest::newRow("total_amount twice") << paid + "&total_amount=0.01" << input;
    QTest::newRow("total_amount twice, first place") << "total_amount=0.01&" + paid << input;
    QTest::newRow("sign twice") << paid + "&sign=AAAA" << input;
    QTest::newRow("trade_status twice, second encoded") << paid + "&trade%5Fstatus=TRADE_SUCCESS" << input;
    QTest::newRow("broken escape") << paid + "&memo=%G0" << input;
    QTest::newRow("not UTF-8") << paid + "&memo=%BF%A7" << input;
}

void TestNotifyVerifier::rejected()
{
    QFETCH(QByteArray, body);
    QFETCH(Error::Category, category);
    const auto notification = verifier().verify(body);
    QVERIFY2(!notification.ok(), qPrintable(describe(notification)));
    QCOMPARE(Error::categoryName(notification.error().category()), Error::categoryName(category));
    QVERIFY(!notification.error().message().isEmpty());
}

void TestNotifyVerifier::everySignedFieldIsCovered_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("change"); // "alter", "remove" or "empty"
    const Params params = paidParams();
    for (const auto& [key, value] : params) {
        if (key == u"sign"_s || key == u"sign_type"_s)
            continue;
        QTest::addRow("%s altered", qPrintable(key)) << key << u"alter"_s;
        QTest::addRow("%s removed", qPrintable(key)) << key << u"remove"_s;
        if (!value.isEmpty())
            QTest::addRow("%s emptied", qPrintable(key)) << key << u"empty"_s;
    }
    QTest::newRow("field added") << u"refund_fee"_s << u"add"_s;
    QTest::newRow("empty field added") << u"gmt_refund"_s << u"add-empty"_s;
}

void TestNotifyVerifier::everySignedFieldIsCovered()
{
    QFETCH(QString, key);
    QFETCH(QString, change);
    Params params = paidParams();
    const QString value = params.value(key);
    if (change == u"alter"_s)
        params.set(key, value.isEmpty() ? u"x"_s : value.chopped(1) + (value.endsWith(u'1') ? u'2' : u'1'));
    else if (change == u"remove"_s)
        params.remove(key);
    else if (change == u"empty"_s)
        params.set(key, QString());
    else if (change == u"add"_s)
        params.set(key, u"0.01"_s);
    else
        params.set(key, QString());

    const auto notification = verifier().verify(FormCodec::encode(params));
    QVERIFY2(!notification.ok(), qPrintable(describe(notification)));
    QCOMPARE(notification.error().category(), Error::Category::Security);
}

void TestNotifyVerifier::signTypeIsNotSigned()
{
    // Alipay excludes sign_type from a payment notification's signed content: with or without it, and
    // whatever it is placed, the notification verifies; only its value is checked.
    Params params = paidParams();
    params.remove(u"sign_type"_s);
    QVERIFY(verifier().verify(FormCodec::encode(params)).ok());
    Params added = *FormCodec::decode(readFixture(u"paid-no-sign-type.form"_s));
    added.set(u"sign_type"_s, u"RSA2"_s);
    QVERIFY(verifier().verify(FormCodec::encode(added)).ok());
}

void TestNotifyVerifier::decodedExactlyOnce()
{
    const QByteArray body = readFixture(u"paid.form"_s);
    QVERIFY(body.contains("%252B")); // the literal "%2B" Alipay signed, encoded once more in the body
    const auto once = verifier().verify(body);
    QVERIFY2(once.ok(), qPrintable(describe(once)));
    QVERIFY(once->params.value(u"subject"_s).endsWith(u"%2B)"_s));

    // What a verifier that decodes twice would check: "+" where Alipay signed "%2B".
    Params twice = paidParams();
    twice.set(u"subject"_s, twice.value(u"subject"_s).replace(u"%2B"_s, u"+"_s));
    QCOMPARE(verifier().verify(FormCodec::encode(twice)).error().category(), Error::Category::Security);
}

void TestNotifyVerifier::reencodingDoesNotMatter()
{
    // The signature covers decoded values: '+' or %20 for a space, upper or lower hex, any order.
    Params params = paidParams();
    QList<Params::Entry> reversed(params.entries().rbegin(), params.entries().rend());
    Params reordered;
    for (const auto& [key, value] : reversed)
        reordered.add(key, value);
    const auto result = verifier().verify(FormCodec::encode(reordered));
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QVERIFY(FormCodec::encode(reordered) != readFixture(u"paid.form"_s));
}

void TestNotifyVerifier::knownAnswerFromAlipaySdk()
{
    // A notification signed by Alipay (tests/data/notify/alipay-sdk-nodejs/README.md).
    const QByteArray body = readFixture(u"alipay-sdk-nodejs/trade-status-sync.form"_s);
    const PublicKey alipayKey = publicKeyFrom(u"notify/alipay-sdk-nodejs/alipay-public-key.pem"_s);
    const auto notification = NotifyVerifier(alipayKey, u"2019073166072302"_s).verify(body);
    QVERIFY2(notification.ok(), qPrintable(describe(notification)));
    QVERIFY(notification->meansPaid());
    QCOMPARE(notification->outTradeNo, u"20190815155618536-564-57"_s);
    QCOMPARE(notification->totalAmount, Money::fromFen(10));
    QCOMPARE(notification->params.value(u"subject"_s), QStringLiteral("语雀空间 500人规模"));
    QCOMPARE(notification->params.value(u"fund_bill_list"_s),
             uR"([{"amount":"0.10","fundChannel":"ALIPAYACCOUNT"}])"_s);

    QCOMPARE(NotifyVerifier(alipayKey, kAppId).verify(body).error().category(), Error::Category::Security);
    QCOMPARE(verifier().verify(body).error().category(), Error::Category::Security);
}

// A value may begin with U+FEFF (EF BB BF): Alipay signed it with those bytes, so they stay. Built
// and signed here without our codec or signer: the content by hand, the signature by `openssl dgst`.
void TestNotifyVerifier::valueStartingWithByteOrderMark()
{
    const QByteArray bom("\xEF\xBB\xBF");
    const QList<std::pair<QByteArray, QByteArray>> fields{
        {"app_id", kAppId.toUtf8()},
        {"body", bom},
        {"notify_id", "2026112600222100000000000001"},
        {"notify_time", "2026-11-26 10:00:05"},
        {"notify_type", "trade_status_sync"},
        {"out_trade_no", "T1-20261126-000001"},
        {"subject", bom + "\xE5\x92\x96\xE5\x95\xA1 Coffee"},
        {"total_amount", "12.34"},
        {"trade_no", "2026112622001400000000000001"},
        {"trade_status", "TRADE_SUCCESS"},
    };
    QByteArrayList content;
    QByteArray body;
    for (const auto& [key, value] : fields) {
        content.append(key + '=' + value);
        body += key + '=' + value.toPercentEncoding() + '&';
    }
    const QByteArray signature = counterpay::test::opensslSign(
        QStringLiteral(COUNTERPAY_TEST_DATA "/verify/alipay_test_private.pem"), content.join('&'));
    body += "sign=" + signature.toPercentEncoding() + "&sign_type=RSA2";

    const auto notification = verifier().verify(body);
    QVERIFY2(notification.ok(), qPrintable(describe(notification)));
    QCOMPARE(notification->params.value(u"subject"_s), QString(QChar(0xFEFF)) + u"咖啡 Coffee"_s);
    QCOMPARE(notification->params.value(u"body"_s), QString(QChar(0xFEFF)));
    QVERIFY(notification->meansPaid());
}

QTEST_GUILESS_MAIN(TestNotifyVerifier)
#include "TestNotifyVerifier.moc"
