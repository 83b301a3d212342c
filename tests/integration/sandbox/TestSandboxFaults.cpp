// Each fault the sandbox injects, as a client sees it, and the seeded generator that makes them
// reproducible.
#include "SandboxHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;

namespace {

const QString kPrecreate = QStringLiteral("alipay.trade.precreate");
const QString kPay = QStringLiteral("alipay.trade.pay");
const QString kQuery = QStringLiteral("alipay.trade.query");

QJsonObject plan(const QJsonArray& faults, std::optional<qint64> seed = std::nullopt)
{
    QJsonObject json{{QStringLiteral("faults"), faults}};
    if (seed)
        json.insert(QStringLiteral("seed"), *seed);
    return json;
}

QJsonObject fault(const QString& kind, const QJsonObject& options = {})
{
    QJsonObject json = options;
    json.insert(QStringLiteral("kind"), kind);
    return json;
}

QJsonObject precreateBiz(const QString& outTradeNo)
{
    return {{QStringLiteral("out_trade_no"), outTradeNo},
            {QStringLiteral("total_amount"), QStringLiteral("6.00")},
            {QStringLiteral("subject"), QStringLiteral("Faulty")}};
}

} // namespace

class TestSandboxFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void latency();
    void dropWithoutProcessing();
    void proxyErrors_data();
    void proxyErrors();
    void code20000WithoutProcessing();
    void badSignatureAfterProcessing();
    void paidBehindATimeout();
    void lostReplyClosedAfterHolding();
    void countRunsOut();
    void sameSeedSameFaults();
    void seedFromTheCommandLine();
    void faultControlRefusesNonsense();
    void badFaultFlagIsAUsageError();

private:
    static QString dropPattern(const SandboxClient& client, int calls);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    std::unique_ptr<SandboxClient> m_client;
};

void TestSandboxFaults::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCOMPARE(initSandbox(m_dir.path()).exitCode, 0);
    QVERIFY2(m_sandbox.start(m_dir.path()), qPrintable(m_sandbox.error()));
    m_client = std::make_unique<SandboxClient>(m_sandbox.configPath());
    QVERIFY2(m_client->isValid(), qPrintable(m_client->error()));
}

void TestSandboxFaults::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

void TestSandboxFaults::init()
{
    QCOMPARE(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status, 200);
}

void TestSandboxFaults::latency()
{
    QVERIFY(m_sandbox.setFaults(
        plan({fault(QStringLiteral("latency"), {{QStringLiteral("ms"), 800}, {QStringLiteral("count"), 1}})})));
    const HttpResult slow =
        m_client->post(m_client->sign(kQuery, {{QStringLiteral("out_trade_no"), QStringLiteral("L")}}));
    QVERIFY2(slow.elapsedMs >= 780, qPrintable(QString::number(slow.elapsedMs)));
    QVERIFY(m_client->verify(slow, kQuery).ok());
    // The fault was used up: the plan shows no count left.
    const QJsonObject shown = httpGet(m_sandbox.url(QStringLiteral("/sandbox/faults"))).json();
    QCOMPARE(shown.value(u"faults").toArray().first().toObject().value(u"count").toInt(), 0);
}

void TestSandboxFaults::dropWithoutProcessing()
{
    QVERIFY(m_sandbox.setFaults(plan({fault(QStringLiteral("drop"), {{QStringLiteral("count"), 1}})})));
    const QString no = uniqueTradeNo(QStringLiteral("DROP"));
    const HttpResult dropped = m_client->post(m_client->sign(kPrecreate, precreateBiz(no)));
    // QNetworkAccessManager resends twice by itself; the sandbox drops those resends too.
    QCOMPARE(dropped.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(dropped.status, 0);
    QVERIFY(m_sandbox.trade(no).isEmpty());
    QVERIFY(m_sandbox.log().contains("drop (the client's resend)"));
    // A new attempt (a new timestamp and signature) goes through.
    QCOMPARE(m_client->call(kPrecreate, precreateBiz(no))->code(), QStringLiteral("10000"));
}

void TestSandboxFaults::proxyErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("status");
    QTest::newRow("502") << "http_502" << 502;
    QTest::newRow("504") << "http_504" << 504;
}

void TestSandboxFaults::proxyErrors()
{
    QFETCH(QString, kind);
    QFETCH(int, status);
    QVERIFY(m_sandbox.setFaults(plan({fault(kind, {{QStringLiteral("count"), 1}})})));
    const QString no = uniqueTradeNo(QStringLiteral("PROXY"));
    const HttpResult reply = m_client->post(m_client->sign(kPrecreate, precreateBiz(no)));
    QCOMPARE(reply.status, status);
    QVERIFY(reply.header("Content-Type").startsWith("text/html"));
    QVERIFY(reply.body.contains(QByteArray::number(status)));
    QVERIFY(!m_client->verify(reply, kPrecreate).ok());
    QVERIFY(m_sandbox.trade(no).isEmpty());
}

void TestSandboxFaults::code20000WithoutProcessing()
{
    QVERIFY(m_sandbox.setFaults(plan({fault(QStringLiteral("code_20000"),
                                            {{QStringLiteral("count"), 1}, {QStringLiteral("method"), kPrecreate}})})));
    const QString no = uniqueTradeNo(QStringLiteral("BUSY"));
    auto answer = m_client->call(kPrecreate, precreateBiz(no));
    QVERIFY(answer.ok());
    QVERIFY(answer->signatureVerified);
    QCOMPARE(answer->code(), QStringLiteral("20000"));
    QCOMPARE(answer->subCode(), QStringLiteral("isp.unknow-error"));
    QVERIFY(m_sandbox.trade(no).isEmpty());
}

void TestSandboxFaults::badSignatureAfterProcessing()
{
    QVERIFY(m_sandbox.setFaults(plan({fault(QStringLiteral("bad_signature"), {{QStringLiteral("count"), 1}})})));
    const QString no = uniqueTradeNo(QStringLiteral("FORGED"));
    const HttpResult reply = m_client->post(m_client->sign(kPrecreate, precreateBiz(no)));
    QCOMPARE(reply.status, 200);
    auto verified = m_client->verify(reply, kPrecreate);
    QVERIFY(!verified.ok());
    QCOMPARE(verified.error().category(), Error::Category::Security);
    // The call itself happened: the QR exists.
    QCOMPARE(m_sandbox.trade(no).value(u"state").toString(), QStringLiteral("PRECREATED"));
}

void TestSandboxFaults::paidBehindATimeout()
{
    // The payment goes through; its answer never comes. Queries are not affected.
    QVERIFY(m_sandbox.setFaults(plan({fault(QStringLiteral("lost_reply"), {{QStringLiteral("method"), kPay}})})));
    const QString no = uniqueTradeNo(QStringLiteral("LOST"));
    const QJsonObject biz{{QStringLiteral("out_trade_no"), no},
                          {QStringLiteral("scene"), QStringLiteral("bar_code")},
                          {QStringLiteral("auth_code"), QStringLiteral("280000000000000001")},
                          {QStringLiteral("total_amount"), QStringLiteral("6.00")},
                          {QStringLiteral("subject"), QStringLiteral("Faulty")}};
    const HttpResult lost = m_client->post(m_client->sign(kPay, biz), 1500);
    QCOMPARE(lost.error, QNetworkReply::OperationCanceledError);
    QVERIFY(lost.elapsedMs >= 1400);
    auto queried = m_client->call(kQuery, {{QStringLiteral("out_trade_no"), no}});
    QVERIFY(queried.ok());
    QCOMPARE(queried->node.value(u"trade_status").toString(), QStringLiteral("TRADE_SUCCESS"));
}

void TestSandboxFaults::lostReplyClosedAfterHolding()
{
    // With ms, the connection closes after that long without an answer. Like Alipay, the sandbox then
    // answers the resend QNetworkAccessManager makes on its own: a retried payment meets
    // ACQ.TRADE_HAS_SUCCESS, which a client must take as paid.
    QVERIFY(m_sandbox.setFaults(
        plan({fault(QStringLiteral("lost_reply"), {{QStringLiteral("ms"), 400}, {QStringLiteral("count"), 1}})})));
    const QString no = uniqueTradeNo(QStringLiteral("HELD"));
    const QJsonObject biz{{QStringLiteral("out_trade_no"), no},
                          {QStringLiteral("scene"), QStringLiteral("bar_code")},
                          {QStringLiteral("auth_code"), QStringLiteral("280000000000000001")},
                          {QStringLiteral("total_amount"), QStringLiteral("6.00")},
                          {QStringLiteral("subject"), QStringLiteral("Faulty")}};
    const HttpResult held = m_client->post(m_client->sign(kPay, biz), 5000);
    QVERIFY2(held.elapsedMs >= 380, qPrintable(QString::number(held.elapsedMs)));
    auto answer = m_client->verify(held, kPay);
    QVERIFY2(answer.ok(), qPrintable(answer ? QString() : answer.error().toString()));
    QCOMPARE(answer->subCode(), QStringLiteral("ACQ.TRADE_HAS_SUCCESS"));
    QCOMPARE(m_sandbox.trade(no).value(u"state").toString(), QStringLiteral("TRADE_SUCCESS"));
}

void TestSandboxFaults::countRunsOut()
{
    QVERIFY(m_sandbox.setFaults(plan({fault(QStringLiteral("http_502"), {{QStringLiteral("count"), 2}})})));
    const alipay::Params query = m_client->sign(kQuery, {{QStringLiteral("out_trade_no"), QStringLiteral("C")}});
    QCOMPARE(m_client->post(query).status, 502);
    QCOMPARE(m_client->post(query).status, 502);
    QCOMPARE(m_client->post(query).status, 200);
    const QJsonObject shown = httpGet(m_sandbox.url(QStringLiteral("/sandbox/faults"))).json();
    QCOMPARE(shown.value(u"faults").toArray().first().toObject().value(u"count").toInt(), 0);
}

QString TestSandboxFaults::dropPattern(const SandboxClient& client, int calls)
{
    // Every call has its own bytes: the sandbox takes an identical request that follows a dropped one
    // within seconds for the transport's own resend, which draws nothing from the plan. Repeating one
    // request would make the pattern depend on how many resends Qt happened to make.
    QString pattern;
    for (int i = 0; i < calls; ++i) {
        const HttpResult reply =
            client.post(client.sign(kQuery, {{QStringLiteral("out_trade_no"), uniqueTradeNo(QStringLiteral("S"))}}));
        pattern += reply.error == QNetworkReply::NoError ? u'.' : u'x';
    }
    return pattern;
}

void TestSandboxFaults::sameSeedSameFaults()
{
    const QJsonObject seeded = plan({fault(QStringLiteral("drop"), {{QStringLiteral("rate"), 0.5}})}, 42);
    QVERIFY(m_sandbox.setFaults(seeded));
    const QString first = dropPattern(*m_client, 24);
    QVERIFY2(first.contains(u'x') && first.contains(u'.'), qPrintable(first));
    QVERIFY(m_sandbox.setFaults(seeded));
    QCOMPARE(dropPattern(*m_client, 24), first);
    QVERIFY(m_sandbox.setFaults(plan({fault(QStringLiteral("drop"), {{QStringLiteral("rate"), 0.5}})}, 43)));
    QVERIFY(dropPattern(*m_client, 24) != first);
}

void TestSandboxFaults::seedFromTheCommandLine()
{
    // --seed and --fault on the command line give the same run as the same plan posted.
    QVERIFY(m_sandbox.setFaults(plan({fault(QStringLiteral("drop"), {{QStringLiteral("rate"), 0.5}})}, 7)));
    const QString posted = dropPattern(*m_client, 16);

    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    SandboxProcess other;
    QVERIFY2(other.start(dir.path(), {QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--fault"),
                                      QStringLiteral("drop:rate=0.5")}),
             qPrintable(other.error()));
    SandboxClient client(other.configPath());
    QVERIFY(client.isValid());
    QCOMPARE(dropPattern(client, 16), posted);
    QVERIFY(other.log().contains("fault seed 7"));
    QCOMPARE(other.stop(), 0);
}

void TestSandboxFaults::faultControlRefusesNonsense()
{
    const QUrl faults = m_sandbox.url(QStringLiteral("/sandbox/faults"));
    QCOMPARE(httpPost(faults, "not json", "application/json").status, 400);
    QCOMPARE(httpPost(faults, R"({"faults":[{"kind":"meteor"}]})", "application/json").status, 400);
    QCOMPARE(httpPost(faults, R"({"faults":[{"kind":"drop","rate":2}]})", "application/json").status, 400);
    QCOMPARE(httpPost(faults, R"({"faults":{"kind":"drop"}})", "application/json").status, 400);
    QVERIFY(m_sandbox.setFaults(plan({fault(QStringLiteral("latency"), {{QStringLiteral("ms"), 5}})}, 99)));
    const QJsonObject shown = httpGet(faults).json();
    QCOMPARE(shown.value(u"seed").toInteger(), 99);
    QCOMPARE(shown.value(u"faults").toArray().first().toObject().value(u"kind").toString(), QStringLiteral("latency"));
    QCOMPARE(httpDelete(faults).json().value(u"faults").toArray().size(), 0);
}

void TestSandboxFaults::badFaultFlagIsAUsageError()
{
    for (const QString& spec : {QStringLiteral("meteor"), QStringLiteral("drop:rate=x"), QStringLiteral("drop:speed=1"),
                                QStringLiteral("latency:ms=-5")}) {
        const ProcessResult result = run(sandboxProgram(), {QStringLiteral("serve"), QStringLiteral("--data-dir"),
                                                            m_dir.path(), QStringLiteral("--fault"), spec});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "TestSandboxFaults.moc"
