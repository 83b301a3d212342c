// The sandbox's parts in-process, where a clock can be set by hand and files inspected: reply bytes,
// the request checks at the edges of the timestamp window, the fault generator, the test codes, the
// trade book's state machine, the bill layout and the data directory.
#include "AuthCodeScenario.h"
#include "BillArchive.h"
#include "BillLinks.h"
#include "Environment.h"
#include "FaultPlan.h"
#include "ReplySigner.h"
#include "RequestAuthenticator.h"
#include "ResponseNode.h"
#include "SandboxDatabase.h"
#include "TradeBook.h"
#include "alipay/CertSn.h"
#include "alipay/FormCodec.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "alipay/Timestamp.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSqlQuery>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>

using namespace counterpay;
using namespace counterpay::sandbox;

namespace {

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QDateTime chinaTime(const char* text)
{
    return *alipay::Timestamp::parse(QString::fromLatin1(text));
}

Trade sampleTrade(const QString& outTradeNo, Money total, const QDateTime& now)
{
    Trade trade;
    trade.appId = QStringLiteral("9021000000000001");
    trade.outTradeNo = outTradeNo;
    trade.total = total;
    trade.subject = QStringLiteral("Sample");
    trade.requestDigest = QStringLiteral("digest");
    trade.qrToken = QStringLiteral("bax") + outTradeNo;
    trade.createdAt = now;
    trade.expiresAt = now.addSecs(7200);
    trade.qrExpiresAt = now.addSecs(7200);
    return trade;
}

} // namespace

class TestSandboxParts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void responseNodeIsWrittenLikeAlipays();
    void replySignerSplicesTheSignedBytes();
    void timestampWindowEdges_data();
    void timestampWindowEdges();
    void authCodeScenarios_data();
    void authCodeScenarios();
    void faultSpecs_data();
    void faultSpecs();
    void faultDecisionsAreSeeded();
    void faultCountsAndMethods();
    void tradeStateMachine();
    void tradeBookSurvivesReopening();
    void newerDatabaseIsRefused();
    void firstSchemaIsMigrated();
    void billLayout();
    void billLinksLiveThirtySeconds();
    void environmentInitAndLoad();

private:
    QTemporaryDir m_dir;
    std::optional<Environment> m_environment;
};

void TestSandboxParts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ManualClock clock(QDateTime::currentDateTimeUtc());
    auto report = Environment::init(m_dir.filePath(QStringLiteral("env")), {}, clock);
    QVERIFY2(report.ok(), qPrintable(report ? QString() : report.error().toString()));
    auto environment = Environment::load(m_dir.filePath(QStringLiteral("env")));
    QVERIFY2(environment.ok(), qPrintable(environment ? QString() : environment.error().toString()));
    m_environment = *environment;
}

void TestSandboxParts::responseNodeIsWrittenLikeAlipays()
{
    ResponseNode node = ResponseNode::success();
    node.set(QStringLiteral("qr_code"), QStringLiteral("https://qr.alipay.com/bax01"))
        .set(QStringLiteral("subject"), QStringLiteral("咖啡 \"big\" \\ tab\t\u0001"))
        .set(QStringLiteral("fund_bill_list"),
             QJsonArray{QJsonObject{{QStringLiteral("fund_channel"), QStringLiteral("ALIPAYACCOUNT")},
                                    {QStringLiteral("amount"), QStringLiteral("1.00")}}})
        .setIfNotEmpty(QStringLiteral("store_id"), QString());
    QCOMPARE(node.toJson(),
             QByteArray("{\"code\":\"10000\",\"msg\":\"Success\",\"qr_code\":\"https:\\/\\/qr.alipay.com\\/bax01\","
                        "\"subject\":\"咖啡 \\\"big\\\" \\\\ tab\\t\\u0001\","
                        "\"fund_bill_list\":[{\"amount\":\"1.00\",\"fund_channel\":\"ALIPAYACCOUNT\"}]}"));
    // Setting an existing member keeps its place.
    node.set(QStringLiteral("code"), QStringLiteral("40004"));
    QVERIFY(node.toJson().startsWith("{\"code\":\"40004\",\"msg\""));
    QCOMPARE(
        ResponseNode::serviceUnavailable().toJson(),
        QByteArray("{\"code\":\"20000\",\"msg\":\"Service Currently Unavailable\",\"sub_code\":\"isp.unknow-error\","
                   "\"sub_msg\":\"系统繁忙\"}"));
}

void TestSandboxParts::replySignerSplicesTheSignedBytes()
{
    const ReplySigner signer(m_environment->gateway());
    const alipay::PublicKey key = m_environment->gateway().privateKey.publicKey();
    const ResponseNode node =
        ResponseNode::businessFailed(QStringLiteral("ACQ.TRADE_NOT_EXIST"), QStringLiteral("交易不存在"));
    const QByteArray body = signer.body(QStringLiteral("alipay_trade_query_response"), node, {});
    const QByteArray expectedStart = "{\"alipay_trade_query_response\":" + node.toJson() + ",\"sign\":\"";
    QVERIFY(body.startsWith(expectedStart));
    const QString sign = QString::fromLatin1(body.mid(expectedStart.size(), body.size() - expectedStart.size() - 2));
    QVERIFY(alipay::Rsa2::verify(key, node.toJson(), sign));
    QVERIFY(!sign.contains(u'\\')); // the envelope does not escape '/' in the base64

    ReplySigner::Options corrupt;
    corrupt.corruptSignature = true;
    const QByteArray bad = signer.body(QStringLiteral("alipay_trade_query_response"), node, corrupt);
    QCOMPARE(bad.size(), body.size());
    QVERIFY(!alipay::Rsa2::verify(
        key, node.toJson(), QString::fromLatin1(bad.mid(expectedStart.size(), bad.size() - expectedStart.size() - 2))));

    ReplySigner::Options gbk;
    gbk.gbk = true;
    const QByteArray gbkBody = signer.body(QStringLiteral("alipay_trade_query_response"), node, gbk);
    QStringEncoder encoder("GBK");
    const QByteArray gbkNode = encoder.encode(QString::fromUtf8(node.toJson()));
    QVERIFY(gbkBody.contains(gbkNode));
    const QByteArray gbkStart = "{\"alipay_trade_query_response\":" + gbkNode + ",\"sign\":\"";
    QVERIFY(alipay::Rsa2::verify(
        key, gbkNode, QString::fromLatin1(gbkBody.mid(gbkStart.size(), gbkBody.size() - gbkStart.size() - 2))));

    ReplySigner::Options unsigned_;
    unsigned_.sign = false;
    QCOMPARE(signer.body(QStringLiteral("error_response"), node, unsigned_),
             "{\"error_response\":" + node.toJson() + '}');
    QCOMPARE(ReplySigner::memberFor(QStringLiteral("alipay.trade.fastpay.refund.query")),
             QStringLiteral("alipay_trade_fastpay_refund_query_response"));
}

void TestSandboxParts::timestampWindowEdges_data()
{
    QTest::addColumn<int>("offsetSeconds");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("15:00 behind") << -900 << true;
    QTest::newRow("15:00 ahead") << 900 << true;
    QTest::newRow("15:01 behind") << -901 << false;
    QTest::newRow("15:01 ahead") << 901 << false;
}

void TestSandboxParts::timestampWindowEdges()
{
    QFETCH(int, offsetSeconds);
    QFETCH(bool, accepted);
    const QDateTime now = chinaTime("2026-11-26 12:00:00");
    ManualClock clock(now);
    const RequestAuthenticator authenticator(*m_environment, clock, {QStringLiteral("alipay.trade.query")});
    const SandboxApp& app = m_environment->apps().first();
    auto appKey = alipay::PrivateKey::fromFile(m_dir.filePath(QStringLiteral("env/app_private_key.pem")));
    QVERIFY(appKey.ok());
    alipay::Params params{{QStringLiteral("app_id"), app.appId},
                          {QStringLiteral("method"), QStringLiteral("alipay.trade.query")},
                          {QStringLiteral("format"), QStringLiteral("JSON")},
                          {QStringLiteral("charset"), QStringLiteral("utf-8")},
                          {QStringLiteral("sign_type"), QStringLiteral("RSA2")},
                          {QStringLiteral("timestamp"), alipay::Timestamp::format(now.addSecs(offsetSeconds))},
                          {QStringLiteral("version"), QStringLiteral("1.0")},
                          {QStringLiteral("biz_content"), QStringLiteral("{\"out_trade_no\":\"T\"}")}};
    params.set(QStringLiteral("sign"), *alipay::Rsa2::sign(*appKey, alipay::SignContent::forRequest(params)));
    const auto outcome =
        authenticator.authenticate({}, alipay::FormCodec::encode(params), "application/x-www-form-urlencoded");
    if (accepted) {
        QVERIFY(std::holds_alternative<GatewayCall>(outcome));
        QCOMPARE(std::get<GatewayCall>(outcome).biz.value(u"out_trade_no").toString(), QStringLiteral("T"));
    } else {
        QVERIFY(std::holds_alternative<GatewayRefusal>(outcome));
        QCOMPARE(std::get<GatewayRefusal>(outcome).node.subCode(), QStringLiteral("isv.invalid-timestamp"));
    }
}

void TestSandboxParts::authCodeScenarios_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<int>("delay");
    using O = AuthCodeScenario::Outcome;
    QTest::newRow("00") << "280000000000000001" << int(O::PaidAtOnce) << 0;
    QTest::newRow("unknown selector") << "289900000000000001" << int(O::PaidAtOnce) << 0;
    QTest::newRow("10, 3 s") << "281003000000000001" << int(O::PaidAfterDelay) << 3;
    QTest::newRow("10, default") << "281000000000000001" << int(O::PaidAfterDelay) << 5;
    QTest::newRow("11") << "251100000000000001" << int(O::NeverPaid) << 0;
    QTest::newRow("12, 9 s") << "301209000000000001" << int(O::DeclinedAfterDelay) << 9;
    QTest::newRow("20") << "282000000000000001" << int(O::InsufficientBalance) << 0;
    QTest::newRow("21") << "282100000000000001" << int(O::InvalidCode) << 0;
    QTest::newRow("30") << "283000000000000001" << int(O::UnknownNotPaid) << 0;
    QTest::newRow("31") << "2831000000000001" << int(O::UnknownPaid) << 0;
    QTest::newRow("prefix 24") << "240000000000000001" << int(O::InvalidCode) << 0;
    QTest::newRow("full-width digits") << "２８００００００００００００００００１" << int(O::InvalidCode) << 0;
    QTest::newRow("empty") << "" << int(O::InvalidCode) << 0;
}

void TestSandboxParts::authCodeScenarios()
{
    QFETCH(QString, code);
    QFETCH(int, outcome);
    QFETCH(int, delay);
    const AuthCodeScenario scenario = AuthCodeScenario::fromAuthCode(code);
    QCOMPARE(int(scenario.outcome), outcome);
    QCOMPARE(scenario.delaySeconds, delay);
}

void TestSandboxParts::faultSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("valid");
    QTest::newRow("bare") << "drop" << true;
    QTest::newRow("options") << "latency:ms=1500,rate=0.25,count=3,method=alipay.trade.query" << true;
    QTest::newRow("every kind") << "notify_out_of_order:ms=10" << true;
    QTest::newRow("unknown kind") << "meteor" << false;
    QTest::newRow("unknown option") << "drop:speed=2" << false;
    QTest::newRow("rate above 1") << "drop:rate=1.5" << false;
    QTest::newRow("not a number") << "latency:ms=soon" << false;
    QTest::newRow("negative count") << "drop:count=-2" << false;
    QTest::newRow("option without value") << "drop:rate" << false;
}

void TestSandboxParts::faultSpecs()
{
    QFETCH(QString, spec);
    QFETCH(bool, valid);
    auto rule = FaultPlan::parseSpec(spec);
    QCOMPARE(rule.ok(), valid);
    if (valid) {
        // A rule survives the trip through JSON unchanged.
        auto again = FaultPlan::ruleFromJson(FaultPlan::ruleToJson(*rule));
        QVERIFY(again.ok());
        QCOMPARE(FaultPlan::ruleToJson(*again), FaultPlan::ruleToJson(*rule));
    }
}

void TestSandboxParts::faultDecisionsAreSeeded()
{
    const auto run = [](quint64 seed) {
        FaultPlan plan(seed);
        plan.add(*FaultPlan::parseSpec(QStringLiteral("drop:rate=0.3")));
        plan.add(*FaultPlan::parseSpec(QStringLiteral("latency:ms=100,rate=0.5")));
        plan.add(*FaultPlan::parseSpec(QStringLiteral("notify_duplicate:rate=0.5")));
        QString trace;
        for (int i = 0; i < 200; ++i) {
            const FaultPlan::CallFaults call = plan.decideForCall(QStringLiteral("alipay.trade.query"));
            trace += call.outcome == FaultPlan::CallFaults::Outcome::Drop ? u'D' : u'.';
            trace += call.latencyMs > 0 ? u'L' : u'.';
            trace += plan.decideForNotification().duplicate ? u'2' : u'1';
        }
        return trace;
    };
    const QString first = run(42);
    QCOMPARE(run(42), first);
    QVERIFY(run(43) != first);
    // Rates come out about right.
    QVERIFY(first.count(u'D') > 40 && first.count(u'D') < 80);
    QVERIFY(first.count(u'L') > 70 && first.count(u'L') < 130);
}

void TestSandboxParts::faultCountsAndMethods()
{
    FaultPlan plan(1);
    plan.add(*FaultPlan::parseSpec(QStringLiteral("http_502:count=2,method=alipay.trade.pay")));
    plan.add(*FaultPlan::parseSpec(QStringLiteral("bad_signature")));
    QCOMPARE(plan.decideForCall(QStringLiteral("alipay.trade.query")).outcome,
             FaultPlan::CallFaults::Outcome::BadSignature);
    QCOMPARE(plan.decideForCall(QStringLiteral("alipay.trade.pay")).outcome, FaultPlan::CallFaults::Outcome::Http502);
    QCOMPARE(plan.decideForCall(QStringLiteral("alipay.trade.pay")).outcome, FaultPlan::CallFaults::Outcome::Http502);
    const FaultPlan::CallFaults third = plan.decideForCall(QStringLiteral("alipay.trade.pay"));
    QCOMPARE(third.outcome, FaultPlan::CallFaults::Outcome::BadSignature);
    QVERIFY(third.processed());
    QCOMPARE(plan.rules().first().count, 0);

    QVERIFY(
        plan.replaceFromJson(QJsonObject{{QStringLiteral("seed"), 5}, {QStringLiteral("faults"), QJsonArray{}}}).ok());
    QCOMPARE(plan.seed(), quint64(5));
    QVERIFY(plan.rules().isEmpty());
    QVERIFY(!plan.replaceFromJson(
                     QJsonObject{{QStringLiteral("faults"), QJsonArray{QJsonObject{{QStringLiteral("kind"), 3}}}}})
                 .ok());
}

void TestSandboxParts::tradeStateMachine()
{
    auto database = SandboxDatabase::open(m_dir.filePath(QStringLiteral("machine.db")));
    QVERIFY(database.ok());
    TradeBook book(**database);
    const QDateTime now = chinaTime("2026-11-26 09:30:00");

    auto created = book.create(sampleTrade(QStringLiteral("M-1"), Money::fromFen(1000), now));
    QVERIFY(created.ok());
    QCOMPARE(created->status, Trade::Status::Precreated);
    QVERIFY(!created->existsAtAlipay());
    // Paying or refunding a trade nobody scanned: it does not exist yet.
    QCOMPARE(book.markPaid(*created, now).error().subCode(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    QCOMPARE(book.refund(*created, QStringLiteral("R"), Money::fromFen(1), {}, now).error().subCode(),
             QStringLiteral("ACQ.TRADE_NOT_EXIST"));

    auto opened = book.open(*created, now);
    QVERIFY(opened.ok());
    QCOMPARE(opened->status, Trade::Status::WaitBuyerPay);
    QCOMPARE(opened->tradeNo, QStringLiteral("2026112622001400000000000001"));
    QCOMPARE(opened->buyerLogonId, QStringLiteral("159****5620"));
    QCOMPARE(book.open(*opened, now)->tradeNo, opened->tradeNo); // scanning twice changes nothing
    QCOMPARE(book.refund(*opened, QStringLiteral("R"), Money::fromFen(1), {}, now).error().subCode(),
             QStringLiteral("ACQ.TRADE_STATUS_ERROR"));

    auto paid = book.markPaid(*opened, now.addSecs(5));
    QVERIFY(paid.ok());
    QCOMPARE(paid->status, Trade::Status::Success);
    QCOMPARE(book.close(*paid, now, QStringLiteral("x")).error().subCode(), QStringLiteral("ACQ.TRADE_HAS_SUCCESS"));
    QCOMPARE(book.markPaid(*paid, now).error().subCode(), QStringLiteral("ACQ.TRADE_HAS_SUCCESS"));

    auto part = book.refund(*paid, QStringLiteral("R1"), Money::fromFen(400), QStringLiteral("why"), now);
    QVERIFY(part.ok());
    QVERIFY(part->fundChange);
    QCOMPARE(part->trade.refunded, Money::fromFen(400));
    QCOMPARE(part->trade.status, Trade::Status::Success);
    QCOMPARE(part->trade.received(), Money::fromFen(600));
    auto same = book.refund(*paid, QStringLiteral("R1"), Money::fromFen(400), QStringLiteral("why"), now);
    QVERIFY(same.ok());
    QVERIFY(!same->fundChange);
    QCOMPARE(book.refund(*paid, QStringLiteral("R1"), Money::fromFen(401), {}, now).error().subCode(),
             QStringLiteral("ACQ.DISCORDANT_REPEAT_REQUEST"));
    QCOMPARE(book.refund(*paid, QStringLiteral("R2"), Money::fromFen(601), {}, now).error().subCode(),
             QStringLiteral("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"));
    auto rest = book.refund(*paid, QStringLiteral("R2"), Money::fromFen(600), {}, now);
    QVERIFY(rest.ok());
    QCOMPARE(rest->trade.status, Trade::Status::Closed);
    QCOMPARE(rest->trade.refunded, rest->trade.total);
    QCOMPARE(book.refunds(rest->trade.appId, rest->trade.outTradeNo)->size(), 2);

    // A second trade: closed while waiting, then nothing moves it.
    auto second = book.create(sampleTrade(QStringLiteral("M-2"), Money::fromFen(50), now));
    auto secondOpen = book.open(*second, now);
    QCOMPARE(secondOpen->tradeNo, QStringLiteral("2026112622001400000000000002"));
    auto closed = book.close(*secondOpen, now, QStringLiteral("timed out"));
    QVERIFY(closed.ok());
    QCOMPARE(closed->closeReason, QStringLiteral("timed out"));
    QCOMPARE(book.markPaid(*closed, now).error().subCode(), QStringLiteral("ACQ.TRADE_HAS_CLOSE"));
    QCOMPARE(book.open(*closed, now).error().subCode(), QStringLiteral("ACQ.TRADE_HAS_CLOSE"));

    // Due: a scheduled decision, and an expiry.
    auto third = book.create(sampleTrade(QStringLiteral("M-3"), Money::fromFen(70), now));
    auto scheduled = book.schedule(*book.open(*third, now), now.addSecs(3), QStringLiteral("pay"));
    QVERIFY(scheduled.ok());
    QCOMPARE(book.due(now.addSecs(2))->size(), 0);
    QCOMPARE(book.due(now.addSecs(3))->size(), 1);
    QCOMPARE(book.due(now.addSecs(7200))->size(), 1);

    // The bill's queries use the paid and refunded instants.
    QCOMPARE(book.paidBetween(paid->appId, now, now.addSecs(6))->size(), 1);
    QCOMPARE(book.paidBetween(paid->appId, now.addSecs(6), now.addSecs(60))->size(), 0);
    QCOMPARE(book.refundsBetween(paid->appId, now, now.addSecs(1))->size(), 2);
}

void TestSandboxParts::tradeBookSurvivesReopening()
{
    const QString path = m_dir.filePath(QStringLiteral("reopen.db"));
    const QDateTime now = chinaTime("2026-11-26 10:00:00");
    {
        auto database = SandboxDatabase::open(path);
        TradeBook book(**database);
        auto trade = book.create(sampleTrade(QStringLiteral("KEEP"), Money::fromFen(999), now));
        QVERIFY(book.markPaid(*book.open(*trade, now), now).ok());
    }
    auto database = SandboxDatabase::open(path);
    QVERIFY(database.ok());
    TradeBook book(**database);
    auto kept = book.find(QStringLiteral("9021000000000001"), QStringLiteral("KEEP"));
    QVERIFY(kept.ok() && kept->has_value());
    QCOMPARE((*kept)->status, Trade::Status::Success);
    QCOMPARE((*kept)->total, Money::fromFen(999));
    QCOMPARE((*kept)->paidAt, now);
    QCOMPARE(book.findByQrToken(QStringLiteral("baxKEEP"))->value().outTradeNo, QStringLiteral("KEEP"));
}

void TestSandboxParts::newerDatabaseIsRefused()
{
    const QString path = m_dir.filePath(QStringLiteral("newer.db"));
    {
        auto database = SandboxDatabase::open(path);
        QVERIFY(database.ok());
        QSqlQuery query((*database)->connection());
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 99")));
    }
    auto refused = SandboxDatabase::open(path);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().category(), Error::Category::Storage);
    QVERIFY(refused.error().message().contains(QStringLiteral("newer")));
}

void TestSandboxParts::firstSchemaIsMigrated()
{
    // A data dir written by the first sandbox (schema 1) keeps its trades and gains the index of when open trades are
    // due.
    const QString path = m_dir.filePath(QStringLiteral("schema1.db"));
    const QDateTime now = chinaTime("2026-11-26 10:00:00");
    {
        auto database = SandboxDatabase::open(path);
        TradeBook book(**database);
        QVERIFY(book.create(sampleTrade(QStringLiteral("OLD"), Money::fromFen(500), now)).ok());
        QSqlQuery query((*database)->connection());
        QVERIFY(query.exec(QStringLiteral("DROP INDEX trades_settle")));
        QVERIFY(query.exec(QStringLiteral("DROP INDEX trades_out_trade_no")));
        QVERIFY(query.exec(QStringLiteral("ALTER TABLE trades DROP COLUMN settle_at")));
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 1")));
    }
    auto database = SandboxDatabase::open(path);
    QVERIFY(database.ok());
    QSqlQuery query((*database)->connection());
    QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
    QCOMPARE(query.value(0).toInt(), SandboxDatabase::kSchemaVersion);
    QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                                      "('trades_settle', 'trades_out_trade_no')")) &&
            query.next());
    QCOMPARE(query.value(0).toInt(), 2);
    TradeBook book(**database);
    QCOMPARE(book.due(now.addSecs(7200))->size(), 1);
}

void TestSandboxParts::billLayout()
{
    BillArchive::Content content;
    content.sellerId = QStringLiteral("2088102177846885");
    content.bill.from = chinaTime("2026-11-26 00:00:00");
    content.bill.to = chinaTime("2026-11-27 00:00:00");
    content.bill.period = QStringLiteral("20261126");
    content.exportedAt = chinaTime("2026-11-27 09:12:34");
    Trade trade = sampleTrade(QStringLiteral("B-1"), Money::fromFen(1234), chinaTime("2026-11-26 10:00:00"));
    trade.tradeNo = QStringLiteral("2026112622001400000000000009");
    trade.subject = QStringLiteral("Cake, \"large\"");
    trade.storeId = QStringLiteral("S01");
    trade.buyerLogonId = QStringLiteral("159****5620");
    trade.paidAt = chinaTime("2026-11-26 10:00:05");
    content.payments.append(trade);
    content.refunds.append({Refund{trade.appId, trade.outTradeNo, QStringLiteral("RF-1"), Money::fromFen(234),
                                   QStringLiteral("short"), chinaTime("2026-11-26 11:00:00")},
                            trade});

    const QStringList lines = BillArchive::detailCsv(content).split(QStringLiteral("\r\n"));
    QCOMPARE(lines[0], QStringLiteral("#支付宝业务明细查询"));
    QCOMPARE(lines[1], QStringLiteral("#账号：[20881021778468850156]"));
    QCOMPARE(lines[2], QStringLiteral("#起始日期：[2026年11月26日 00:00:00]   终止日期：[2026年11月27日 00:00:00]"));
    QCOMPARE(lines[3],
             QStringLiteral(
                 "#-----------------------------------------业务明细列表----------------------------------------"));
    QCOMPARE(lines[4], BillArchive::detailColumns().join(u','));
    QCOMPARE(BillArchive::detailColumns().size(), 25);
    QCOMPARE(lines[5],
             QStringLiteral("2026112622001400000000000009\t,B-1\t,交易,\"Cake, \"\"large\"\"\",2026-11-26 10:00:00,"
                            "2026-11-26 10:00:05,S01,,,,159****5620,12.34,12.34,0.00,0.00,0.00,0.00,0.00,,"
                            "0.00,0.00,,0.00,0.00,"));
    QCOMPARE(lines[6],
             QStringLiteral("2026112622001400000000000009\t,B-1\t,退款,\"Cake, \"\"large\"\"\",2026-11-26 10:00:00,"
                            "2026-11-26 11:00:00,S01,,,,159****5620,12.34,-2.34,0.00,0.00,0.00,0.00,0.00,,"
                            "0.00,0.00,RF-1\t,0.00,0.00,short"));
    QCOMPARE(lines[7],
             QStringLiteral(
                 "#-----------------------------------------业务明细列表结束------------------------------------"));
    QCOMPARE(lines[8], QStringLiteral("#交易合计：1笔，商家实收共12.34元，商家优惠共0.00元"));
    QCOMPARE(lines[9], QStringLiteral("#退款合计：1笔，商家实收退款共-2.34元，商家优惠退款共0.00元"));
    QCOMPARE(lines[10], QStringLiteral("#导出时间：[2026年11月27日 09:12:34]"));

    const QStringList summary = BillArchive::summaryCsv(content).split(QStringLiteral("\r\n"));
    QCOMPARE(summary[0], QStringLiteral("#支付宝业务汇总查询"));
    QCOMPARE(summary[5], QStringLiteral("S01,,1,1,12.34,10.00,0.00,0.00,0.00,0.00,0.00,10.00"));
    QCOMPARE(summary[6], QStringLiteral("合计,,1,1,12.34,10.00,0.00,0.00,0.00,0.00,0.00,10.00"));
    QCOMPARE(BillArchive::detailFileName(content), QStringLiteral("2088102177846885_20261126_业务明细.csv"));
    QCOMPARE(BillArchive::summaryFileName(content), QStringLiteral("2088102177846885_20261126_业务明细(汇总).csv"));

    auto zip = BillArchive::zip(content);
    QVERIFY(zip.ok());
    QStringEncoder gbk("GBK");
    const QByteArray gbkName = gbk.encode(BillArchive::detailFileName(content));
    // The first local header: flags at offset 6, name length at 26, the name at 30.
    QVERIFY(zip->startsWith("PK\x03\x04"));
    QCOMPARE(static_cast<quint8>(zip->at(7)) & 0x08, 0); // bit 11 (UTF-8) is in the high byte: 0x0800
    QCOMPARE(zip->mid(30, gbkName.size()), gbkName);
    // The entry's DOS time and date are China time, 2026-11-27 09:12:34, whatever the machine's zone.
    const auto word = [&](int at) {
        return static_cast<quint8>(zip->at(at)) | static_cast<quint8>(zip->at(at + 1)) << 8;
    };
    QCOMPARE(word(10), 9 << 11 | 12 << 5 | 34 / 2);
    QCOMPARE(word(12), (2026 - 1980) << 9 | 11 << 5 | 27);
}

void TestSandboxParts::billLinksLiveThirtySeconds()
{
    ManualClock clock(chinaTime("2026-11-27 08:00:00"));
    BillLinks::Bill bill;
    bill.appId = QStringLiteral("9021000000000001");
    bill.from = chinaTime("2026-11-26 00:00:00");
    bill.to = chinaTime("2026-11-27 00:00:00");
    bill.period = QStringLiteral("20261126");

    BillLinks sameDay(clock, true);
    QVERIFY(sameDay.isReady(bill));
    const QUrl url =
        sameDay.issue(bill, QUrl(QStringLiteral("http://127.0.0.1:8470")), QStringLiteral("2088000000000001"));
    QCOMPARE(url.path(), QStringLiteral("/downloadBillFile.resource"));
    const QString token = QUrlQuery(url).queryItemValue(QStringLiteral("token"));
    QCOMPARE(token.size(), 32);
    QCOMPARE(QUrlQuery(url).queryItemValue(QStringLiteral("bizDates")), QStringLiteral("20261126"));
    clock.advanceMs(29'000);
    QVERIFY(sameDay.find(token).has_value());
    QCOMPARE(sameDay.find(token)->period, QStringLiteral("20261126"));
    clock.advanceMs(1'000);
    QVERIFY(!sameDay.find(token).has_value());
    QVERIFY(!sameDay.find(QStringLiteral("not-a-token")).has_value());

    // As at Alipay: a day's bill is ready at 09:00 the next day (UTC+8).
    BillLinks nextDay(clock, false);
    clock.set(chinaTime("2026-11-27 08:59:59"));
    QVERIFY(!nextDay.isReady(bill));
    clock.set(chinaTime("2026-11-27 09:00:00"));
    QVERIFY(nextDay.isReady(bill));
    clock.set(chinaTime("2026-11-25 23:59:59"));
    QVERIFY(!sameDay.isReady(bill)); // the future has no bill
}

void TestSandboxParts::environmentInitAndLoad()
{
    const QString dir = m_dir.filePath(QStringLiteral("certs"));
    ManualClock clock(QDateTime::currentDateTimeUtc());
    Environment::InitOptions options;
    options.certificateMode = true;
    auto report = Environment::init(dir, options, clock);
    QVERIFY2(report.ok(), qPrintable(report ? QString() : report.error().toString()));
    auto environment = Environment::load(dir);
    QVERIFY2(environment.ok(), qPrintable(environment ? QString() : environment.error().toString()));
    const SandboxApp& app = environment->apps().first();
    QCOMPARE(app.appId, report->appId);
    QCOMPARE(app.signMode, SandboxApp::SignMode::Certificate);
    // What the app's files say equals what the gateway holds.
    QCOMPARE(*alipay::CertSn::ofCertificateFile(QDir(dir).filePath(QStringLiteral("app_cert.crt"))), app.appCertSn);
    QCOMPARE(*alipay::CertSn::ofCertificateFile(QDir(dir).filePath(QStringLiteral("alipay_cert.crt"))),
             environment->gateway().alipayCertSn);
    QCOMPARE(*alipay::CertSn::ofRootBundleFile(QDir(dir).filePath(QStringLiteral("alipay_root_cert.crt"))),
             environment->gateway().rootCertSn);
    QCOMPARE(environment->gateway().rootCertSn.count(u'_'), 1);
    auto appKey = alipay::PrivateKey::fromFile(QDir(dir).filePath(QStringLiteral("app_private_key.pem")));
    QVERIFY(app.publicKey == appKey->publicKey());
    auto certKey = alipay::PublicKey::fromFile(QDir(dir).filePath(QStringLiteral("alipay_cert.crt")));
    QVERIFY(*certKey == environment->gateway().privateKey.publicKey());

    // Again: nothing is overwritten; a half-removed certificate set is refused rather than mixed.
    const QByteArray appCert = fileBytes(QDir(dir).filePath(QStringLiteral("app_cert.crt")));
    QVERIFY(Environment::init(dir, options, clock).ok());
    QCOMPARE(fileBytes(QDir(dir).filePath(QStringLiteral("app_cert.crt"))), appCert);
    QVERIFY(QFile::remove(QDir(dir).filePath(QStringLiteral("alipay_cert.crt"))));
    auto partial = Environment::init(dir, options, clock);
    QVERIFY(!partial.ok());
    QVERIFY(partial.error().message().contains(QStringLiteral("incomplete")));

    QVERIFY(!Environment::load(m_dir.filePath(QStringLiteral("nothing-here"))).ok());
}

QTEST_GUILESS_MAIN(TestSandboxParts)
#include "TestSandboxParts.moc"
