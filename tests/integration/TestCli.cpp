// counterpay-cli as a script would use it: real process, stdin/stdout, exit codes of DESIGN.md §6.
#include "TestSupport.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using counterpay::test::ProcessResult;

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void usage();
    void keygenWritesAPairOnceAndOnlyOnce();
    void signMatchesOpenssl();
    void signRejectsBadInput();
    void signKeepsByteOrderMark();
    void verifyNotifyKeepsByteOrderMark();
    void verifyResponse();
    void verifyNotify();
    void certSn_data();
    void certSn();
    void gatewayCommandsNeedAGoodConfig_data();
    void gatewayCommandsNeedAGoodConfig();
    void badInputIsExitTwo_data();
    void badInputIsExitTwo();
    void unreachableGatewayIsExitFive();

private:
    ProcessResult cli(const QStringList& arguments, const QByteArray& input = {});
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString writeConfig(const QString& name, const QString& url);

    QTemporaryDir m_dir;
};

ProcessResult TestCli::cli(const QStringList& arguments, const QByteArray& input)
{
    return counterpay::test::run(QStringLiteral(COUNTERPAY_CLI), arguments, input, m_dir.path());
}

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    counterpay::test::makeKeyPair(m_dir.path(), QStringLiteral("app"));
    counterpay::test::makeKeyPair(m_dir.path(), QStringLiteral("alipay"));
}

QString TestCli::writeConfig(const QString& name, const QString& url)
{
    counterpay::test::writeFile(path(name), QStringLiteral("[gateway]\nurl=%1\napp_id=9021000000000001\n"
                                                           "app_private_key=app_private_key.pem\n"
                                                           "alipay_public_key=alipay_public_key.pem\n"
                                                           "connect_timeout_ms=2000\ntimeout_ms=3000\n")
                                                .arg(url)
                                                .toUtf8());
    return path(name);
}

void TestCli::usage()
{
    auto none = cli({});
    QCOMPARE(none.exitCode, 2);
    QVERIFY(none.err.contains("usage: counterpay-cli"));
    auto help = cli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char* command : {"keygen", "sign", "verify-response", "verify-notify", "cert-sn", "precreate", "pay",
                                "query", "cancel", "close", "trade-refund", "refund-query", "bill-url"})
        QVERIFY2(help.out.contains(command), command);
    QVERIFY(help.out.contains("COMMAND --help"));
    // A command's own --help lists its options and needs no config, even a broken one.
    auto payHelp = cli({QStringLiteral("--config"), QStringLiteral("/nonexistent.ini"), QStringLiteral("pay"),
                        QStringLiteral("--help")});
    QCOMPARE(payHelp.exitCode, 0);
    QVERIFY(payHelp.out.startsWith("Usage: counterpay-cli [--config FILE] pay [options]"));
    for (const char* option : {"--amount", "--auth-code", "--out-trade-no", "--terminal-id"})
        QVERIFY2(payHelp.out.contains(option), option);
    QCOMPARE(cli({QStringLiteral("charge"), QStringLiteral("-h")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("frobnicate")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("keygen"), QStringLiteral("--no-such-option")}).exitCode, 2);
}

void TestCli::keygenWritesAPairOnceAndOnlyOnce()
{
    auto made = cli({QStringLiteral("keygen"), QStringLiteral("--out"), path(QStringLiteral("keys"))});
    QCOMPARE(made.exitCode, 0);
    const QJsonObject output = QJsonDocument::fromJson(made.out).object();
    const QString privatePath = output.value(u"private_key_file").toString();
    QVERIFY(QFileInfo::exists(privatePath));
    QCOMPARE(QFileInfo(privatePath).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QVERIFY(counterpay::test::readFile(privatePath).startsWith("-----BEGIN PRIVATE KEY-----"));

    // The one-line public key is the SPKI that openssl derives from the private key.
    auto derived = counterpay::test::run(
        QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), privatePath,
                                    QStringLiteral("-pubout"), QStringLiteral("-outform"), QStringLiteral("DER")});
    QCOMPARE(derived.exitCode, 0);
    QCOMPARE(output.value(u"public_key").toString().toLatin1(), derived.out.toBase64());
    QVERIFY(made.err.contains(output.value(u"public_key").toString().toLatin1()));

    const QByteArray before = counterpay::test::readFile(privatePath);
    auto again = cli({QStringLiteral("keygen"), QStringLiteral("--out"), path(QStringLiteral("keys"))});
    QCOMPARE(again.exitCode, 2);
    QCOMPARE(counterpay::test::readFile(privatePath), before);
}

void TestCli::signMatchesOpenssl()
{
    const QByteArray params = R"({"app_id":"9021000000000001","method":"alipay.trade.query","charset":"utf-8",)"
                              R"("sign_type":"RSA2","timestamp":"2026-11-26 12:00:00","version":"1.0","format":"JSON",)"
                              R"("notify_url":"","biz_content":"{\"out_trade_no\":\"咖啡-1\"}"})";
    auto content = cli({QStringLiteral("sign"), QStringLiteral("--private-key"),
                        path(QStringLiteral("app_private_key.pem")), QStringLiteral("--content")},
                       params);
    QCOMPARE(content.exitCode, 0);
    const QByteArray expected = "app_id=9021000000000001&biz_content={\"out_trade_no\":\"咖啡-1\"}&charset=utf-8"
                                "&format=JSON&method=alipay.trade.query&sign_type=RSA2&timestamp=2026-11-26 12:00:00"
                                "&version=1.0";
    QCOMPARE(content.out.trimmed(), expected);

    auto signature = cli(
        {QStringLiteral("sign"), QStringLiteral("--private-key"), path(QStringLiteral("app_private_key.pem"))}, params);
    QCOMPARE(signature.exitCode, 0);
    QCOMPARE(signature.out.trimmed(),
             counterpay::test::opensslSign(path(QStringLiteral("app_private_key.pem")), expected));
}

// A parameter that begins with U+FEFF (raw EF BB BF in the JSON, or \ufeff) is signed with it.
void TestCli::signKeepsByteOrderMark()
{
    const QByteArray params = "{\"app_id\":\"9021000000000001\",\"subject\":\"\xEF\xBB\xBF"
                              "Tea\","
                              "\"body\":\"\\ufeff\",\"biz_content\":\"\xEF\xBB\xBF{}\"}";
    const QByteArray expected = "app_id=9021000000000001&biz_content=\xEF\xBB\xBF{}&body=\xEF\xBB\xBF"
                                "&subject=\xEF\xBB\xBFTea";
    const QStringList args{QStringLiteral("sign"), QStringLiteral("--private-key"),
                           path(QStringLiteral("app_private_key.pem"))};
    auto content = cli(args + QStringList{QStringLiteral("--content")}, params);
    QCOMPARE(content.exitCode, 0);
    QCOMPARE(content.out.chopped(1), expected);
    auto signature = cli(args, params);
    QCOMPARE(signature.exitCode, 0);
    QCOMPARE(signature.out.trimmed(),
             counterpay::test::opensslSign(path(QStringLiteral("app_private_key.pem")), expected));
}

void TestCli::verifyNotifyKeepsByteOrderMark()
{
    const QByteArray content = "app_id=9021000000000001&out_trade_no=T1&subject=\xEF\xBB\xBF\xE5\x92\x96"
                               "&total_amount=12.34&trade_status=TRADE_SUCCESS";
    const QByteArray sign = counterpay::test::opensslSign(path(QStringLiteral("alipay_private_key.pem")), content);
    QByteArray body;
    for (const QByteArray& pair : content.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        body += pair.left(eq + 1) + pair.mid(eq + 1).toPercentEncoding() + '&';
    }
    body += "sign_type=RSA2&sign=" + sign.toPercentEncoding();
    auto verified = cli({QStringLiteral("verify-notify"), QStringLiteral("--alipay-public-key"),
                         path(QStringLiteral("alipay_public_key.pem")), QStringLiteral("--app-id"),
                         QStringLiteral("9021000000000001")},
                        body);
    QCOMPARE(verified.exitCode, 0);
    QVERIFY2(verified.out.contains("\"subject\": \"\xEF\xBB\xBF\xE5\x92\x96\""), verified.out.constData());
}

void TestCli::signRejectsBadInput()
{
    const QStringList args{QStringLiteral("sign"), QStringLiteral("--private-key"),
                           path(QStringLiteral("app_private_key.pem"))};
    QCOMPARE(cli(args, "not json").exitCode, 2);
    QCOMPARE(cli(args, R"({"total_amount":12.34})").exitCode, 2);
    QCOMPARE(cli(args, "[1,2]").exitCode, 2);
    QCOMPARE(cli({QStringLiteral("sign")}, "{}").exitCode, 2);
    auto wrongKey =
        cli({QStringLiteral("sign"), QStringLiteral("--private-key"), path(QStringLiteral("app_public_key.pem"))},
            R"({"a":"b"})");
    QCOMPARE(wrongKey.exitCode, 7);
    QVERIFY(wrongKey.err.contains("app_public_key.pem"));
}

void TestCli::verifyResponse()
{
    const QByteArray node =
        R"({"code":"10000","msg":"Success","out_trade_no":"T1","qr_code":"https:\/\/qr.alipay.com\/bax1"})";
    const QByteArray sign = counterpay::test::opensslSign(path(QStringLiteral("alipay_private_key.pem")), node);
    const QByteArray reply = "{\"alipay_trade_precreate_response\":" + node + ",\"sign\":\"" + sign + "\"}";
    const QStringList args{QStringLiteral("verify-response"), QStringLiteral("--alipay-public-key"),
                           path(QStringLiteral("alipay_public_key.pem")), QStringLiteral("--method"),
                           QStringLiteral("alipay.trade.precreate")};
    auto good = cli(args, reply);
    QCOMPARE(good.exitCode, 0);
    QCOMPARE(good.out.trimmed(), node);

    QByteArray tampered = reply;
    tampered.replace("bax1", "bax2");
    QCOMPARE(cli(args, tampered).exitCode, 3);

    // The app's own public key where Alipay's belongs: nothing verifies.
    QStringList wrongKey = args;
    wrongKey[2] = path(QStringLiteral("app_public_key.pem"));
    QCOMPARE(cli(wrongKey, reply).exitCode, 3);

    const QByteArray twice = "{\"alipay_trade_precreate_response\":" + node +
                             ",\"alipay_trade_precreate_response\":" + node + ",\"sign\":\"" + sign + "\"}";
    QCOMPARE(cli(args, twice).exitCode, 3);

    const QByteArray unsignedError =
        R"({"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id"}})";
    auto error = cli(args, unsignedError);
    QCOMPARE(error.exitCode, 4);
    QVERIFY(error.err.contains("unsigned"));

    const QByteArray unsignedSuccess = "{\"alipay_trade_precreate_response\":" + node + "}";
    QCOMPARE(cli(args, unsignedSuccess).exitCode, 3);
}

void TestCli::verifyNotify()
{
    const QByteArray content = "app_id=9021000000000001&charset=utf-8&gmt_payment=2026-11-26 12:00:05"
                               "&notify_id=2026112600222120005000000001&notify_time=2026-11-26 12:00:06"
                               "&notify_type=trade_status_sync&out_trade_no=T1&total_amount=12.34"
                               "&trade_no=2026112622001400000000000001&trade_status=TRADE_SUCCESS&version=1.0";
    const QByteArray sign = counterpay::test::opensslSign(path(QStringLiteral("alipay_private_key.pem")), content);
    QByteArray body;
    for (const QByteArray& pair : content.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        body += pair.left(eq + 1) + QUrl::toPercentEncoding(QString::fromUtf8(pair.mid(eq + 1))) + '&';
    }
    body += "sign_type=RSA2&sign=" + QUrl::toPercentEncoding(QString::fromLatin1(sign));

    const QStringList args{QStringLiteral("verify-notify"), QStringLiteral("--alipay-public-key"),
                           path(QStringLiteral("alipay_public_key.pem")), QStringLiteral("--app-id"),
                           QStringLiteral("9021000000000001")};
    auto good = cli(args, body);
    QCOMPARE(good.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(good.out).object().value(u"total_amount").toString(), QStringLiteral("12.34"));

    QByteArray tampered = body;
    tampered.replace("total_amount=12.34", "total_amount=99.34");
    QCOMPARE(cli(args, tampered).exitCode, 3);

    QStringList otherApp = args;
    otherApp[4] = QStringLiteral("9021000000000002");
    QCOMPARE(cli(otherApp, body).exitCode, 3);
    QCOMPARE(cli(args.mid(0, 3), body).exitCode, 0); // signature only
}

void TestCli::certSn_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("root");
    QTest::addColumn<QByteArray>("sn");
    QTest::newRow("root bundle") << QStringLiteral("alipayRootCert.crt") << true
                                 << QByteArray("687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6");
    QTest::newRow("alipay cert") << QStringLiteral("alipayCertPublicKey_RSA2.crt") << false
                                 << QByteArray("7513daaaa48aa3ba2e4018d84402479c");
    QTest::newRow("app cert") << QStringLiteral("appCertPublicKey_2021001161683774.crt") << false
                              << QByteArray("866efef280dec9137a87d047ac446315");
}

void TestCli::certSn()
{
    QFETCH(QString, file);
    QFETCH(bool, root);
    QFETCH(QByteArray, sn);
    QStringList args{QStringLiteral("cert-sn"), QStringLiteral("--cert"),
                     QStringLiteral(COUNTERPAY_TEST_DATA "/certs/") + file};
    if (root)
        args << QStringLiteral("--root");
    auto result = cli(args);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out.trimmed(), sn);
    QCOMPARE(
        cli({QStringLiteral("cert-sn"), QStringLiteral("--cert"), path(QStringLiteral("app_public_key.pem"))}).exitCode,
        7);
}

void TestCli::gatewayCommandsNeedAGoodConfig_data()
{
    QTest::addColumn<QStringList>("prefix");
    QTest::newRow("no config") << QStringList();
    QTest::newRow("missing file") << QStringList{QStringLiteral("--config"), QStringLiteral("nowhere.ini")};
    counterpay::test::writeFile(m_dir.filePath(QStringLiteral("broken.ini")), "[gateway\nurl=x\n");
    QTest::newRow("malformed") << QStringList{QStringLiteral("--config"), m_dir.filePath(QStringLiteral("broken.ini"))};
    counterpay::test::writeFile(m_dir.filePath(QStringLiteral("empty.ini")), "");
    QTest::newRow("empty") << QStringList{QStringLiteral("--config"), m_dir.filePath(QStringLiteral("empty.ini"))};
}

void TestCli::gatewayCommandsNeedAGoodConfig()
{
    QFETCH(QStringList, prefix);
    auto result =
        cli(prefix + QStringList{QStringLiteral("query"), QStringLiteral("--out-trade-no"), QStringLiteral("T1")});
    QCOMPARE(result.exitCode, 7);
    QVERIFY(result.err.contains("config"));
}

void TestCli::badInputIsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("amount with three decimals")
        << QStringList{QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("1.001")};
    QTest::newRow("negative amount") << QStringList{QStringLiteral("precreate"), QStringLiteral("--amount"),
                                                    QStringLiteral("-5")};
    QTest::newRow("no amount") << QStringList{QStringLiteral("precreate")};
    QTest::newRow("subject with control char")
        << QStringList{QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("1"),
                       QStringLiteral("--subject"), QStringLiteral("a\u0007b")};
    QTest::newRow("bad out_trade_no") << QStringList{QStringLiteral("query"), QStringLiteral("--out-trade-no"),
                                                     QStringLiteral("T 1")};
    QTest::newRow("auth code not alipay")
        << QStringList{QStringLiteral("pay"), QStringLiteral("--amount"), QStringLiteral("1"),
                       QStringLiteral("--auth-code"), QStringLiteral("134567890123456789")};
    QTest::newRow("auth code letters") << QStringList{QStringLiteral("pay"), QStringLiteral("--amount"),
                                                      QStringLiteral("1"), QStringLiteral("--auth-code"),
                                                      QStringLiteral("28abc")};
    QTest::newRow("trade-refund without request no")
        << QStringList{QStringLiteral("trade-refund"), QStringLiteral("--out-trade-no"), QStringLiteral("T1"),
                       QStringLiteral("--refund-amount"), QStringLiteral("1")};
    QTest::newRow("bill date") << QStringList{QStringLiteral("bill-url"), QStringLiteral("--bill-date"),
                                              QStringLiteral("2026-02-30")};
}

void TestCli::badInputIsExitTwo()
{
    QFETCH(QStringList, args);
    const QString config = writeConfig(QStringLiteral("input.ini"), QStringLiteral("http://127.0.0.1:9/gateway.do"));
    auto result = cli(QStringList{QStringLiteral("--config"), config} + args);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(!result.err.isEmpty());
    QVERIFY(result.out.isEmpty());
}

void TestCli::unreachableGatewayIsExitFive()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    const QString config =
        writeConfig(QStringLiteral("closed.ini"), QStringLiteral("http://127.0.0.1:%1/gateway.do").arg(port));
    auto result = cli({QStringLiteral("--config"), config, QStringLiteral("query"), QStringLiteral("--out-trade-no"),
                       QStringLiteral("T1")});
    QCOMPARE(result.exitCode, 5);
    QVERIFY(result.err.contains("SANDBOX"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
