// The end-to-end flow driven the way a script or an integrator would: counterpay-cli against
// a counterpay-sandbox process, using the config `init` wrote, checking JSON and exit codes.
#include "SandboxHarness.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;

namespace {

QString todayInChina()
{
    return QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd"));
}

} // namespace

class TestSandboxCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void qrFlowFromPrecreateToBill();
    void testPaymentCodes_data();
    void testPaymentCodes();
    void unscannedIsNotATrade();
    void orderDefaultsComeFromTheCounter();
    void tamperedSignatureIsRefused();
    void paymentCodeIsNeverEchoed();
    void paymentCodeFromStdin();
    void faultsAsTheCliSeesThem_data();
    void faultsAsTheCliSeesThem();
    void certificateAndEncryptionModes();

private:
    struct Outcome
    {
        int exitCode = -1;
        QJsonObject json;
        QByteArray err;
    };
    Outcome cli(const QStringList& arguments, const QString& config = {});

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
};

TestSandboxCli::Outcome TestSandboxCli::cli(const QStringList& arguments, const QString& config)
{
    const ProcessResult result =
        run(cliProgram(),
            QStringList{QStringLiteral("--config"), config.isEmpty() ? m_sandbox.configPath() : config} + arguments);
    return {result.exitCode, QJsonDocument::fromJson(result.out).object(), result.err};
}

void TestSandboxCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCOMPARE(initSandbox(m_dir.path()).exitCode, 0);
    QVERIFY2(m_sandbox.start(m_dir.path()), qPrintable(m_sandbox.error()));
}

void TestSandboxCli::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

void TestSandboxCli::init()
{
    QCOMPARE(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status, 200);
}

void TestSandboxCli::qrFlowFromPrecreateToBill()
{
    const QString no = uniqueTradeNo(QStringLiteral("CLI"));
    const Outcome created =
        cli({QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("12.34"),
             QStringLiteral("--subject"), QStringLiteral("Coffee"), QStringLiteral("--out-trade-no"), no});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    QCOMPARE(created.json.value(u"code").toString(), QStringLiteral("10000"));
    QVERIFY(created.json.value(u"qr_code").toString().startsWith(m_sandbox.url(QStringLiteral("/qr/")).toString()));

    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), no).status, 200);
    const Outcome waiting = cli({QStringLiteral("query"), QStringLiteral("--out-trade-no"), no});
    QCOMPARE(waiting.exitCode, 0);
    QCOMPARE(waiting.json.value(u"trade_status").toString(), QStringLiteral("WAIT_BUYER_PAY"));

    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    const Outcome paid = cli({QStringLiteral("query"), QStringLiteral("--out-trade-no"), no});
    QCOMPARE(paid.exitCode, 0);
    QCOMPARE(paid.json.value(u"trade_status").toString(), QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(paid.json.value(u"total_amount").toString(), QStringLiteral("12.34"));
    const QString tradeNo = paid.json.value(u"trade_no").toString();

    const Outcome refunded =
        cli({QStringLiteral("trade-refund"), QStringLiteral("--out-trade-no"), no, QStringLiteral("--refund-amount"),
             QStringLiteral("2.34"), QStringLiteral("--out-request-no"), QStringLiteral("R1")});
    QVERIFY2(refunded.exitCode == 0, refunded.err.constData());
    QCOMPARE(refunded.json.value(u"fund_change").toString(), QStringLiteral("Y"));
    QCOMPARE(refunded.json.value(u"refund_fee").toString(), QStringLiteral("2.34"));

    const Outcome confirmed = cli({QStringLiteral("refund-query"), QStringLiteral("--out-trade-no"), no,
                                   QStringLiteral("--out-request-no"), QStringLiteral("R1")});
    QCOMPARE(confirmed.exitCode, 0);
    QCOMPARE(confirmed.json.value(u"refund_amount").toString(), QStringLiteral("2.34"));

    const Outcome link = cli({QStringLiteral("bill-url"), QStringLiteral("--bill-date"), todayInChina()});
    QVERIFY2(link.exitCode == 0, link.err.constData());
    const HttpResult download = httpGet(QUrl(link.json.value(u"bill_download_url").toString()));
    QCOMPARE(download.status, 200);
    // The detail CSV is deflated inside the zip; its name (GBK) is stored as is.
    QVERIFY(download.body.startsWith("PK\x03\x04"));
    QStringDecoder gbk("GBK");
    QVERIFY(QString(gbk(download.body)).contains(QStringLiteral("_业务明细.csv")));
    const Outcome again =
        cli({QStringLiteral("trade-refund"), QStringLiteral("--out-trade-no"), no, QStringLiteral("--refund-amount"),
             QStringLiteral("2.34"), QStringLiteral("--out-request-no"), QStringLiteral("R1")});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.json.value(u"fund_change").toString(), QStringLiteral("N"));
    QVERIFY(!tradeNo.isEmpty());
}

void TestSandboxCli::testPaymentCodes_data()
{
    QTest::addColumn<QString>("authCode");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("queried"); // trade_status or sub_code a query reports afterwards

    QTest::newRow("paid at once") << "280000000000000001" << 0 << "10000"
                                  << "TRADE_SUCCESS";
    QTest::newRow("10003, paid later") << "281030000000000001" << 6 << "10003"
                                       << "WAIT_BUYER_PAY";
    QTest::newRow("10003, never") << "281100000000000001" << 6 << "10003"
                                  << "WAIT_BUYER_PAY";
    QTest::newRow("10003, declined later") << "281230000000000001" << 6 << "10003"
                                           << "WAIT_BUYER_PAY";
    QTest::newRow("balance") << "282000000000000001" << 4 << "40004"
                             << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("invalid code") << "282100000000000001" << 4 << "40004"
                                  << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("20000, not paid") << "283000000000000001" << 6 << "20000"
                                     << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("20000, paid") << "283100000000000001" << 6 << "20000"
                                 << "TRADE_SUCCESS";
    // The CLI checks a code's shape before sending anything.
    QTest::newRow("too short") << "123" << 2 << ""
                               << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("prefix 24") << "240000000000000001" << 2 << ""
                               << "ACQ.TRADE_NOT_EXIST";
}

void TestSandboxCli::testPaymentCodes()
{
    QFETCH(QString, authCode);
    QFETCH(int, exitCode);
    QFETCH(QString, code);
    QFETCH(QString, queried);
    const QString no = uniqueTradeNo(QStringLiteral("CLIPAY"));
    const Outcome paid = cli({QStringLiteral("pay"), QStringLiteral("--amount"), QStringLiteral("4.20"),
                              QStringLiteral("--auth-code"), authCode, QStringLiteral("--out-trade-no"), no});
    QVERIFY2(paid.exitCode == exitCode, paid.err.constData());
    QCOMPARE(paid.json.value(u"code").toString(), code);
    const Outcome query = cli({QStringLiteral("query"), QStringLiteral("--out-trade-no"), no});
    const QString status =
        query.exitCode == 0 ? query.json.value(u"trade_status").toString() : query.json.value(u"sub_code").toString();
    QCOMPARE(status, queried);
}

void TestSandboxCli::unscannedIsNotATrade()
{
    const QString no = uniqueTradeNo(QStringLiteral("CLIQR"));
    QCOMPARE(cli({QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("1"),
                  QStringLiteral("--out-trade-no"), no})
                 .exitCode,
             0);
    const Outcome query = cli({QStringLiteral("query"), QStringLiteral("--out-trade-no"), no});
    QCOMPARE(query.exitCode, 4);
    QCOMPARE(query.json.value(u"sub_code").toString(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    const Outcome cancelled = cli({QStringLiteral("cancel"), QStringLiteral("--out-trade-no"), no});
    QCOMPARE(cancelled.exitCode, 0);
    QCOMPARE(cancelled.json.value(u"retry_flag").toString(), QStringLiteral("N"));
    QCOMPARE(m_sandbox.trade(no).value(u"state").toString(), QStringLiteral("TRADE_CLOSED"));
}

void TestSandboxCli::orderDefaultsComeFromTheCounter()
{
    // Without --subject the customer sees the counter's [counter] subject, else 门店消费; the till's
    // numbers come from [counter] too unless given.
    const QString plain = uniqueTradeNo(QStringLiteral("TITLE"));
    QCOMPARE(cli({QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("1.00"),
                  QStringLiteral("--out-trade-no"), plain})
                 .exitCode,
             0);
    QCOMPARE(m_sandbox.trade(plain).value(u"subject").toString(), QStringLiteral("门店消费"));

    QFile original(m_sandbox.configPath());
    QVERIFY(original.open(QIODevice::ReadOnly));
    QByteArray text = original.readAll();
    QVERIFY(text.contains("[counter]\n"));
    text.replace(
        "[counter]\n",
        QStringLiteral("[counter]\nsubject=老王面馆\nstore_id=NJ_001\nterminal_id=T07\ncashier_id=C3\n").toUtf8());
    QVERIFY(text.contains("\nnotify_url=\n"));
    text.replace("\nnotify_url=\n", "\nnotify_url=http://127.0.0.1:9/alipay/notify\n");
    const QString namedConfig = QFileInfo(m_sandbox.configPath()).dir().filePath(QStringLiteral("named.ini"));
    QFile copy(namedConfig);
    QVERIFY(copy.open(QIODevice::WriteOnly) && copy.write(text) == text.size());
    copy.close();
    const QString qr = uniqueTradeNo(QStringLiteral("TITLE"));
    QCOMPARE(cli({QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("1.00"),
                  QStringLiteral("--out-trade-no"), qr},
                 namedConfig)
                 .exitCode,
             0);
    const QJsonObject named = m_sandbox.trade(qr);
    QCOMPARE(named.value(u"subject").toString(), QStringLiteral("老王面馆"));
    QCOMPARE(named.value(u"store_id").toString(), QStringLiteral("NJ_001"));
    QCOMPARE(named.value(u"terminal_id").toString(), QStringLiteral("T07"));
    QCOMPARE(named.value(u"operator_id").toString(), QStringLiteral("C3"));
    QCOMPARE(named.value(u"notify_url").toString(), QStringLiteral("http://127.0.0.1:9/alipay/notify"));
    const QString code = uniqueTradeNo(QStringLiteral("TITLE"));
    QCOMPARE(cli({QStringLiteral("pay"), QStringLiteral("--amount"), QStringLiteral("1.00"),
                  QStringLiteral("--auth-code"), QStringLiteral("280000000000000001"), QStringLiteral("--out-trade-no"),
                  code, QStringLiteral("--terminal-id"), QStringLiteral("T99")},
                 namedConfig)
                 .exitCode,
             0);
    const QJsonObject overridden = m_sandbox.trade(code);
    QCOMPARE(overridden.value(u"subject").toString(), QStringLiteral("老王面馆"));
    QCOMPARE(overridden.value(u"terminal_id").toString(), QStringLiteral("T99"));
    QCOMPARE(overridden.value(u"store_id").toString(), QStringLiteral("NJ_001"));
}

void TestSandboxCli::tamperedSignatureIsRefused()
{
    // The app's key is replaced by one whose public half Alipay (the sandbox) never received.
    QTemporaryDir other;
    makeKeyPair(other.path(), QStringLiteral("app"));
    for (const QString& name : {QStringLiteral("counterpay.ini"), QStringLiteral("alipay_public_key.pem")})
        QVERIFY(QFile::copy(m_dir.filePath(name), other.filePath(name)));
    const Outcome refused = cli({QStringLiteral("query"), QStringLiteral("--out-trade-no"), QStringLiteral("ANY")},
                                other.filePath(QStringLiteral("counterpay.ini")));
    QCOMPARE(refused.exitCode, 7); // the CLI reads 40002 isv.invalid-signature as a key set-up problem
    QCOMPARE(refused.json.value(u"code").toString(), QStringLiteral("40002"));
    QCOMPARE(refused.json.value(u"sub_code").toString(), QStringLiteral("isv.invalid-signature"));
    QVERIFY(refused.json.value(u"sub_msg").toString().contains(QStringLiteral("method=alipay.trade.query")));
}

// The gateway's isv.invalid-signature quotes the string it verified, biz_content and its auth_code
// with it. What the CLI prints shows that echo, but never the customer's payment code.
void TestSandboxCli::paymentCodeIsNeverEchoed()
{
    const QByteArray code = "281003000000000001";
    QTemporaryDir other;
    makeKeyPair(other.path(), QStringLiteral("app"));
    for (const QString& name : {QStringLiteral("counterpay.ini"), QStringLiteral("alipay_public_key.pem")})
        QVERIFY(QFile::copy(m_dir.filePath(name), other.filePath(name)));
    const QStringList config{QStringLiteral("--config"), other.filePath(QStringLiteral("counterpay.ini")),
                             QStringLiteral("--verbose")};

    const ProcessResult pay = run(
        cliProgram(), config + QStringList{QStringLiteral("pay"), QStringLiteral("--amount"), QStringLiteral("4.20"),
                                           QStringLiteral("--auth-code"), QString::fromLatin1(code)});
    QCOMPARE(pay.exitCode, 7);
    QVERIFY2(pay.out.contains("isv.invalid-signature") && pay.out.contains("28****0001"), pay.out.constData());
    QVERIFY2(!pay.out.contains(code), pay.out.constData());
    QVERIFY2(!pay.err.contains(code), pay.err.constData());

    const ProcessResult charge =
        run(cliProgram(),
            config + QStringList{QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("4.20"),
                                 QStringLiteral("--auth-code"), QStringLiteral("-"), QStringLiteral("--timeout"),
                                 QStringLiteral("5")},
            code + '\n');
    QVERIFY2(charge.exitCode != 0, charge.err.constData());
    QVERIFY2(charge.err.contains("28****0001") || charge.err.contains("signature"), charge.err.constData());
    QVERIFY2(!charge.out.contains(code), charge.out.constData());
    QVERIFY2(!charge.err.contains(code), charge.err.constData());
}

// `--auth-code -` reads the code from stdin, so it shows in neither `ps` nor the shell's history.
void TestSandboxCli::paymentCodeFromStdin()
{
    const QStringList pay{QStringLiteral("--config"), m_sandbox.configPath(), QStringLiteral("pay"),
                          QStringLiteral("--amount"), QStringLiteral("4.20"), QStringLiteral("--auth-code"),
                          QStringLiteral("-")};
    const QString no = uniqueTradeNo(QStringLiteral("STDIN"));
    const ProcessResult paid =
        run(cliProgram(), pay + QStringList{QStringLiteral("--out-trade-no"), no}, "280000000000000001\r\n");
    QVERIFY2(paid.exitCode == 0, paid.err.constData());
    QCOMPARE(QJsonDocument::fromJson(paid.out).object().value(u"code").toString(), QStringLiteral("10000"));
    QCOMPARE(m_sandbox.trade(no).value(u"state").toString(), QStringLiteral("TRADE_SUCCESS"));

    const ProcessResult empty = run(cliProgram(), pay, QByteArray());
    QCOMPARE(empty.exitCode, 2);
    QVERIFY(empty.err.contains("stdin"));
    const ProcessResult notACode = run(cliProgram(), pay, "12345\n");
    QCOMPARE(notACode.exitCode, 2);
}

void TestSandboxCli::faultsAsTheCliSeesThem_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("ms");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("paidBehind"); // what a query says afterwards, for a pay

    QTest::newRow("latency within the timeout") << "latency" << 300 << 0 << "TRADE_SUCCESS";
    QTest::newRow("dropped connection") << "drop" << 0 << 6 << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("502") << "http_502" << 0 << 5 << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("504") << "http_504" << 0 << 6 << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("20000") << "code_20000" << 0 << 6 << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("bad signature") << "bad_signature" << 0 << 3 << "TRADE_SUCCESS";
    QTest::newRow("paid behind a timeout") << "lost_reply" << 0 << 6 << "TRADE_SUCCESS";
}

void TestSandboxCli::faultsAsTheCliSeesThem()
{
    QFETCH(QString, kind);
    QFETCH(int, ms);
    QFETCH(int, exitCode);
    QFETCH(QString, paidBehind);

    // A config with a short timeout, so a lost reply costs a second, not fifteen.
    const QString fast = m_dir.filePath(QStringLiteral("fast.ini"));
    writeFile(fast, readFile(m_sandbox.configPath()).replace("timeout_ms=15000", "timeout_ms=1500"));
    QVERIFY(m_sandbox.setFaults(
        QJsonObject{{QStringLiteral("faults"),
                     QJsonArray{QJsonObject{{QStringLiteral("kind"), kind},
                                            {QStringLiteral("ms"), ms},
                                            {QStringLiteral("count"), 1},
                                            {QStringLiteral("method"), QStringLiteral("alipay.trade.pay")}}}}}));
    const QString no = uniqueTradeNo(QStringLiteral("CLIFAULT"));
    const Outcome paid =
        cli({QStringLiteral("pay"), QStringLiteral("--amount"), QStringLiteral("7.00"), QStringLiteral("--auth-code"),
             QStringLiteral("280000000000000001"), QStringLiteral("--out-trade-no"), no},
            fast);
    QVERIFY2(paid.exitCode == exitCode, paid.err.constData());
    const Outcome query = cli({QStringLiteral("query"), QStringLiteral("--out-trade-no"), no}, fast);
    const QString status =
        query.exitCode == 0 ? query.json.value(u"trade_status").toString() : query.json.value(u"sub_code").toString();
    QCOMPARE(status, paidBehind);
}

void TestSandboxCli::certificateAndEncryptionModes()
{
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path(), {QStringLiteral("--cert-mode"), QStringLiteral("--aes")}).exitCode, 0);
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(dir.path()), qPrintable(sandbox.error()));
    const QString config = sandbox.configPath();
    const QString no = uniqueTradeNo(QStringLiteral("CLICERT"));
    const Outcome created =
        cli({QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("3.00"),
             QStringLiteral("--subject"), QStringLiteral("证书"), QStringLiteral("--out-trade-no"), no},
            config);
    QVERIFY2(created.exitCode == 0, created.err.constData());
    QCOMPARE(sandbox.customer(QStringLiteral("pay"), no).status, 200);
    const Outcome paid = cli({QStringLiteral("query"), QStringLiteral("--out-trade-no"), no}, config);
    QCOMPARE(paid.exitCode, 0);
    QCOMPARE(paid.json.value(u"trade_status").toString(), QStringLiteral("TRADE_SUCCESS"));
    // The CLI's own view of the SNs agrees with the gateway's.
    const ProcessResult sn = run(cliProgram(), {QStringLiteral("cert-sn"), QStringLiteral("--cert"),
                                                dir.filePath(QStringLiteral("alipay_cert.crt"))});
    QCOMPARE(sn.exitCode, 0);
    QVERIFY(sandbox.log().contains("alipay.trade.query"));
    QCOMPARE(sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TestSandboxCli)
#include "TestSandboxCli.moc"
