// The sandbox gateway as the app meets it: a real counterpay-sandbox process on a free loopback port,
// requests signed and replies verified by core's RequestBuilder and ResponseVerifier.
#include "SandboxHarness.h"
#include "alipay/FormCodec.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "alipay/Timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSettings>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <zip.h>

using namespace counterpay;
using namespace counterpay::test;

namespace {

const QString kPrecreate = QStringLiteral("alipay.trade.precreate");
const QString kPay = QStringLiteral("alipay.trade.pay");
const QString kQuery = QStringLiteral("alipay.trade.query");
const QString kCancel = QStringLiteral("alipay.trade.cancel");
const QString kClose = QStringLiteral("alipay.trade.close");
const QString kRefund = QStringLiteral("alipay.trade.refund");
const QString kRefundQuery = QStringLiteral("alipay.trade.fastpay.refund.query");
const QString kBillUrl = QStringLiteral("alipay.data.dataservice.bill.downloadurl.query");

QJsonObject precreateBiz(const QString& outTradeNo, const QString& amount = QStringLiteral("12.34"),
                         const QString& subject = QStringLiteral("Coffee 咖啡"))
{
    return {{QStringLiteral("out_trade_no"), outTradeNo},
            {QStringLiteral("total_amount"), amount},
            {QStringLiteral("subject"), subject}};
}

QJsonObject byNumber(const QString& outTradeNo)
{
    return {{QStringLiteral("out_trade_no"), outTradeNo}};
}

QString todayInChina()
{
    return QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd"));
}

struct ZipEntry
{
    QByteArray rawName;
    quint16 flags = 0;
    QByteArray data;
};

// Reads every entry with libzip, and each local header's general purpose flags from the bytes.
QList<ZipEntry> unzip(const QByteArray& bytes)
{
    QList<ZipEntry> entries;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source =
        zip_source_buffer_create(bytes.constData(), static_cast<zip_uint64_t>(bytes.size()), 0, &error);
    zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
    if (!archive) {
        zip_source_free(source);
        return entries;
    }
    for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
        ZipEntry entry;
        entry.rawName = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        zip_stat_t stat;
        zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
        zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
        entry.data.resize(static_cast<qsizetype>(stat.size));
        zip_fread(file, entry.data.data(), stat.size);
        zip_fclose(file);
        entries.append(entry);
    }
    zip_close(archive);
    // Local file headers: signature PK\3\4, version (2 bytes), then the flags.
    qsizetype at = 0;
    for (ZipEntry& entry : entries) {
        at = bytes.indexOf(QByteArrayLiteral("PK\x03\x04"), at);
        if (at < 0)
            break;
        entry.flags =
            static_cast<quint16>(static_cast<quint8>(bytes[at + 6]) | (static_cast<quint8>(bytes[at + 7]) << 8));
        at += 4;
    }
    return entries;
}

} // namespace

class TestSandboxGateway : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void qrFlowFromPrecreateToBill();
    void replyBytesAreAlipays();
    void precreateRepeatsTheSameQrForTheSameRequest();
    void tradesListShowsPrecreatedOrders();
    void subjectLengthCountsCharacters();
    void valuesStartingWithByteOrderMark();
    void closeAndCancel();
    void refundRules();
    void refundQueryWithoutRefund();
    void billWithoutBusinessOrBadDate();
    void billLinkIsShortLived();
    void customerPage();
    void parametersInTheQueryString();
    void javaSdkSplitsQueryAndBody();
    void gbkCharset();
    void aesEncryptedCalls();

private:
    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    std::unique_ptr<SandboxClient> m_client;

    QJsonObject call(const QString& method, const QJsonObject& biz,
                     const QString& expectCode = QStringLiteral("10000"));
    QString precreate(const QString& outTradeNo, const QString& amount = QStringLiteral("12.34"));
};

void TestSandboxGateway::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCOMPARE(initSandbox(m_dir.path()).exitCode, 0);
    QVERIFY2(m_sandbox.start(m_dir.path()), qPrintable(m_sandbox.error()));
    m_client = std::make_unique<SandboxClient>(m_sandbox.configPath());
    QVERIFY2(m_client->isValid(), qPrintable(m_client->error()));
    QCOMPARE(m_client->config().gatewayUrl, m_sandbox.gatewayUrl());
}

void TestSandboxGateway::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QJsonObject TestSandboxGateway::call(const QString& method, const QJsonObject& biz, const QString& expectCode)
{
    auto answer = m_client->call(method, biz);
    if (!answer) {
        qWarning("%s failed: %s", qPrintable(method), qPrintable(answer.error().toString()));
        return {};
    }
    if (answer->code() != expectCode)
        qWarning("%s answered %s", qPrintable(method), QJsonDocument(answer->node).toJson().constData());
    if (!answer->signatureVerified)
        qWarning("%s: reply not signed", qPrintable(method));
    return answer->code() == expectCode && answer->signatureVerified ? answer->node : QJsonObject();
}

QString TestSandboxGateway::precreate(const QString& outTradeNo, const QString& amount)
{
    return call(kPrecreate, precreateBiz(outTradeNo, amount)).value(u"qr_code").toString();
}

void TestSandboxGateway::qrFlowFromPrecreateToBill()
{
    const QString no = uniqueTradeNo(QStringLiteral("FLOW"));
    const QJsonObject created = call(kPrecreate, precreateBiz(no));
    QCOMPARE(created.value(u"out_trade_no").toString(), no);
    const QString qr = created.value(u"qr_code").toString();
    QVERIFY2(qr.startsWith(m_sandbox.url(QStringLiteral("/qr/bax")).toString()), qPrintable(qr));

    // Not scanned: the trade does not exist yet, which is not a failure.
    const QJsonObject missing = call(kQuery, byNumber(no), QStringLiteral("40004"));
    QCOMPARE(missing.value(u"sub_code").toString(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    QCOMPARE(missing.value(u"sub_msg").toString(), QStringLiteral("交易不存在"));

    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), no).status, 200);
    const QJsonObject waiting = call(kQuery, byNumber(no));
    QCOMPARE(waiting.value(u"trade_status").toString(), QStringLiteral("WAIT_BUYER_PAY"));
    const QString tradeNo = waiting.value(u"trade_no").toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d{28}$")).match(tradeNo).hasMatch(), qPrintable(tradeNo));
    QVERIFY(tradeNo.startsWith(todayInChina().remove(u'-')) ||
            tradeNo.startsWith(QDateTime::currentDateTimeUtc().addSecs(-60).toOffsetFromUtc(8 * 3600).toString(
                QStringLiteral("yyyyMMdd"))));
    QVERIFY2(QRegularExpression(QStringLiteral("^(\\d{3}\\*{4}\\d{4}|\\w{3}\\*{3}@[\\w.]+)$"))
                 .match(waiting.value(u"buyer_logon_id").toString())
                 .hasMatch(),
             qPrintable(waiting.value(u"buyer_logon_id").toString()));
    QCOMPARE(waiting.value(u"total_amount").toString(), QStringLiteral("12.34"));
    QCOMPARE(waiting.value(u"receipt_amount").toString(), QStringLiteral("0.00"));
    QVERIFY(!waiting.contains(u"send_pay_date"));

    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QJsonObject byTradeNo{{QStringLiteral("trade_no"), tradeNo},
                          {QStringLiteral("query_options"), QJsonArray{QStringLiteral("fund_bill_list")}}};
    const QJsonObject paid = call(kQuery, byTradeNo);
    QCOMPARE(paid.value(u"trade_status").toString(), QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(paid.value(u"out_trade_no").toString(), no);
    for (const char* field : {"total_amount", "receipt_amount", "buyer_pay_amount", "invoice_amount"})
        QCOMPARE(paid.value(QLatin1String(field)).toString(), QStringLiteral("12.34"));
    QVERIFY(alipay::Timestamp::parse(paid.value(u"send_pay_date").toString()).has_value());
    const QJsonObject bill = paid.value(u"fund_bill_list").toArray().first().toObject();
    QCOMPARE(bill.value(u"fund_channel").toString(), QStringLiteral("ALIPAYACCOUNT"));
    QCOMPARE(bill.value(u"amount").toString(), QStringLiteral("12.34"));

    const QJsonObject refunded = call(kRefund, {{QStringLiteral("out_trade_no"), no},
                                                {QStringLiteral("refund_amount"), QStringLiteral("2.34")},
                                                {QStringLiteral("out_request_no"), QStringLiteral("R1")},
                                                {QStringLiteral("refund_reason"), QStringLiteral("少找零")}});
    QCOMPARE(refunded.value(u"fund_change").toString(), QStringLiteral("Y"));
    QCOMPARE(refunded.value(u"refund_fee").toString(), QStringLiteral("2.34"));
    QCOMPARE(refunded.value(u"send_back_fee").toString(), QStringLiteral("2.34"));
    QCOMPARE(refunded.value(u"trade_no").toString(), tradeNo);

    const QJsonObject confirmed =
        call(kRefundQuery, {{QStringLiteral("out_trade_no"), no},
                            {QStringLiteral("out_request_no"), QStringLiteral("R1")},
                            {QStringLiteral("query_options"), QJsonArray{QStringLiteral("gmt_refund_pay")}}});
    QCOMPARE(confirmed.value(u"refund_amount").toString(), QStringLiteral("2.34"));
    QCOMPARE(confirmed.value(u"total_amount").toString(), QStringLiteral("12.34"));
    QCOMPARE(confirmed.value(u"refund_status").toString(), QStringLiteral("REFUND_SUCCESS"));
    QCOMPARE(confirmed.value(u"refund_reason").toString(), QStringLiteral("少找零"));
    QVERIFY(alipay::Timestamp::parse(confirmed.value(u"gmt_refund_pay").toString()).has_value());
    QCOMPARE(call(kQuery, byNumber(no)).value(u"trade_status").toString(), QStringLiteral("TRADE_SUCCESS"));

    // Today's bill lists the payment and the refund.
    const QJsonObject link = call(kBillUrl, {{QStringLiteral("bill_type"), QStringLiteral("trade")},
                                             {QStringLiteral("bill_date"), todayInChina()}});
    const QUrl url(link.value(u"bill_download_url").toString());
    QCOMPARE(url.path(), QStringLiteral("/downloadBillFile.resource"));
    const HttpResult download = httpGet(url);
    QCOMPARE(download.status, 200);
    const QList<ZipEntry> entries = unzip(download.body);
    QCOMPARE(entries.size(), 2);
    const QString seller = QSettings(m_dir.filePath(QStringLiteral("sandbox/sandbox.ini")), QSettings::IniFormat)
                               .value(QStringLiteral("sandbox/seller_id"))
                               .toString();
    const QString day = todayInChina().remove(u'-');
    QStringDecoder gbk("GBK");
    QCOMPARE(QString(gbk(entries[0].rawName)), seller + u'_' + day + QStringLiteral("_业务明细.csv"));
    QCOMPARE(QString(gbk(entries[1].rawName)), seller + u'_' + day + QStringLiteral("_业务明细(汇总).csv"));
    for (const ZipEntry& entry : entries)
        QVERIFY2(!(entry.flags & 0x0800), "entry names must not be flagged UTF-8");
    const QString detail = gbk(entries[0].data);
    QVERIFY(!gbk.hasError());
    const QStringList lines = detail.split(QStringLiteral("\r\n"));
    QCOMPARE(lines[0], QStringLiteral("#支付宝业务明细查询"));
    QCOMPARE(lines[1], QStringLiteral("#账号：[") + seller + QStringLiteral("0156]"));
    QVERIFY(lines[2].startsWith(QStringLiteral("#起始日期：[")));
    QVERIFY(lines[3].startsWith(QStringLiteral("#-----")) && lines[3].contains(QStringLiteral("业务明细列表")));
    QVERIFY(lines[4].startsWith(QStringLiteral("支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,")));
    QCOMPARE(lines[4].split(u',').size(), 25);
    const QString paymentRow = tradeNo + QStringLiteral("\t,") + no + QStringLiteral("\t,交易,Coffee 咖啡,");
    const QString refundRow = tradeNo + QStringLiteral("\t,") + no + QStringLiteral("\t,退款,Coffee 咖啡,");
    QVERIFY2(detail.contains(paymentRow), qPrintable(detail));
    QVERIFY2(detail.contains(refundRow), qPrintable(detail));
    for (const QString& line : lines) {
        if (line.startsWith(refundRow)) {
            const QStringList fields = line.split(u',');
            QCOMPARE(fields.size(), 25);
            QCOMPARE(fields[11], QStringLiteral("12.34"));
            QCOMPARE(fields[12], QStringLiteral("-2.34"));
            QCOMPARE(fields[21], QStringLiteral("R1\t"));
        }
    }
    QVERIFY(detail.contains(QStringLiteral("业务明细列表结束")));
    QVERIFY(detail.contains(QStringLiteral("#退款合计：")));
    QVERIFY(detail.contains(QStringLiteral("#导出时间：[")));
    const QString summary = gbk(entries[1].data);
    QVERIFY(summary.startsWith(QStringLiteral("#支付宝业务汇总查询\r\n")));
    QVERIFY(summary.contains(QStringLiteral("\r\n合计,")));
}

void TestSandboxGateway::replyBytesAreAlipays()
{
    const QString no = uniqueTradeNo(QStringLiteral("BYTES"));
    const HttpResult created = m_client->post(m_client->sign(kPrecreate, precreateBiz(no)));
    QCOMPARE(created.status, 200);
    QCOMPARE(created.header("Content-Type"), QByteArray("text/html;charset=UTF-8"));
    QVERIFY2(created.body.startsWith("{\"alipay_trade_precreate_response\":{\"code\":\"10000\",\"msg\":\"Success\","),
             created.body.constData());
    // Alipay escapes '/' in the node; a client that re-serialises before verifying fails.
    const QByteArray node = rawNode(created.body, "alipay_trade_precreate_response");
    QVERIFY2(node.contains("\"qr_code\":\"http:\\/\\/127.0.0.1:"), node.constData());
    QVERIFY(created.body.endsWith("\"}"));
    const qsizetype signAt = created.body.indexOf(",\"sign\":\"");
    QVERIFY(signAt > 0);
    const QString sign = QString::fromLatin1(created.body.mid(signAt + 9, created.body.size() - signAt - 11));
    QVERIFY(alipay::Rsa2::verify(m_client->config().alipayPublicKey, node, sign));
    QVERIFY(!alipay::Rsa2::verify(m_client->config().alipayPublicKey,
                                  QJsonDocument::fromJson(node).toJson(QJsonDocument::Compact), sign));

    const HttpResult refused = m_client->post(m_client->sign(kQuery, byNumber(no)));
    QVERIFY2(refused.body.startsWith("{\"alipay_trade_query_response\":{\"code\":\"40004\",\"msg\":\"Business Failed\","
                                     "\"sub_code\":\"ACQ.TRADE_NOT_EXIST\",\"sub_msg\":\"交易不存在\"}"),
             refused.body.constData());
    QVERIFY(m_client->verify(refused, kQuery)->signatureVerified);
}

void TestSandboxGateway::precreateRepeatsTheSameQrForTheSameRequest()
{
    const QString no = uniqueTradeNo(QStringLiteral("AGAIN"));
    const QString first = precreate(no);
    QVERIFY(!first.isEmpty());
    QCOMPARE(precreate(no), first);
    const QJsonObject changed = call(kPrecreate, precreateBiz(no, QStringLiteral("12.35")), QStringLiteral("40004"));
    QCOMPARE(changed.value(u"sub_code").toString(), QStringLiteral("ACQ.CONTEXT_INCONSISTENT"));
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    const QJsonObject paid = call(kPrecreate, precreateBiz(no), QStringLiteral("40004"));
    QCOMPARE(paid.value(u"sub_code").toString(), QStringLiteral("ACQ.TRADE_HAS_SUCCESS"));

    const QJsonObject bad =
        call(kPrecreate, precreateBiz(uniqueTradeNo(QStringLiteral("BAD")), QStringLiteral("0.001")),
             QStringLiteral("40004"));
    QCOMPARE(bad.value(u"sub_code").toString(), QStringLiteral("ACQ.INVALID_PARAMETER"));
    const QJsonObject noSubject =
        call(kPrecreate, precreateBiz(uniqueTradeNo(QStringLiteral("BAD")), QStringLiteral("1.00"), QString()),
             QStringLiteral("40004"));
    QCOMPARE(noSubject.value(u"sub_code").toString(), QStringLiteral("ACQ.INVALID_PARAMETER"));
    // Amounts sent as JSON numbers are read as written: 0.5 is fine, 1.005 is not rounded to 1.01.
    QJsonObject numeric = precreateBiz(uniqueTradeNo(QStringLiteral("NUM")));
    numeric.insert(QStringLiteral("total_amount"), 0.5);
    QCOMPARE(call(kPrecreate, numeric).value(u"code").toString(), QStringLiteral("10000"));
    numeric = precreateBiz(uniqueTradeNo(QStringLiteral("NUM")));
    numeric.insert(QStringLiteral("total_amount"), 1.005);
    QCOMPARE(call(kPrecreate, numeric, QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.INVALID_PARAMETER"));
    const QJsonObject badNumber = call(kPrecreate, precreateBiz(QStringLiteral("no spaces")), QStringLiteral("40004"));
    QCOMPARE(badNumber.value(u"sub_code").toString(), QStringLiteral("ACQ.INVALID_PARAMETER"));
}

void TestSandboxGateway::tradesListShowsPrecreatedOrders()
{
    const QString no = uniqueTradeNo(QStringLiteral("LIST"));
    QVERIFY(!precreate(no, QStringLiteral("0.01")).isEmpty());
    const QJsonObject listed = m_sandbox.trade(no);
    QCOMPARE(listed.value(u"state").toString(), QStringLiteral("PRECREATED"));
    QCOMPARE(listed.value(u"total_amount").toString(), QStringLiteral("0.01"));
    QCOMPARE(listed.value(u"app_id").toString(), m_client->config().appId);
    QVERIFY(listed.value(u"trade_no").isNull());
    QUrl filter = m_sandbox.url(QStringLiteral("/sandbox/trades"));
    filter.setQuery(QStringLiteral("out_trade_no=") + no);
    const HttpResult filtered = httpGet(filter);
    QCOMPARE(filtered.json().value(u"trades").toArray().size(), 1);
}

// Alipay counts a subject's characters: 256 emoji (512 UTF-16 units) fit, 257 do not.
void TestSandboxGateway::subjectLengthCountsCharacters()
{
    const QString emoji = QStringLiteral("\U0001F600");
    const QString no = uniqueTradeNo(QStringLiteral("EMOJI"));
    QJsonObject biz = precreateBiz(no);
    biz.insert(QStringLiteral("subject"), emoji.repeated(256));
    QVERIFY(!call(kPrecreate, biz).isEmpty());
    QCOMPARE(m_sandbox.trade(no).value(u"subject").toString(), emoji.repeated(256));

    biz.insert(QStringLiteral("out_trade_no"), uniqueTradeNo(QStringLiteral("EMOJI")));
    biz.insert(QStringLiteral("subject"), emoji.repeated(257));
    const QJsonObject refused = call(kPrecreate, biz, QStringLiteral("40004"));
    QCOMPARE(refused.value(u"sub_code").toString(), QStringLiteral("ACQ.INVALID_PARAMETER"));
}

// A parameter that begins with U+FEFF was signed with it (a .NET client writes biz_content with one):
// the gateway keeps it when it checks the signature, and a JSON string keeps it too.
void TestSandboxGateway::valuesStartingWithByteOrderMark()
{
    const QString bom = QString(QChar(0xFEFF));
    const QString no = uniqueTradeNo(QStringLiteral("BOM"));
    QJsonObject biz = precreateBiz(no);
    biz.insert(QStringLiteral("subject"), QString(bom + QStringLiteral("咖啡")));
    alipay::Params params = m_client->sign(kPrecreate, biz);
    params.set(QStringLiteral("biz_content"), bom + params.value(QStringLiteral("biz_content")));
    params.remove(QStringLiteral("sign"));
    auto signature = alipay::Rsa2::sign(m_client->config().appPrivateKey, alipay::SignContent::forRequest(params));
    QVERIFY(signature.ok());
    params.set(QStringLiteral("sign"), *signature);

    auto answer = m_client->verify(m_client->post(params), kPrecreate);
    QVERIFY2(answer.ok(), qPrintable(answer.ok() ? QString() : answer.error().toString()));
    QVERIFY2(answer->isSuccess(), QJsonDocument(answer->node).toJson().constData());
    QCOMPARE(m_sandbox.trade(no).value(u"subject").toString(), bom + QStringLiteral("咖啡"));
}

void TestSandboxGateway::closeAndCancel()
{
    // close: an unscanned QR is no trade yet (and stays payable), as at Alipay.
    const QString unscanned = uniqueTradeNo(QStringLiteral("CLOSE0"));
    QVERIFY(!precreate(unscanned).isEmpty());
    QCOMPARE(call(kClose, byNumber(unscanned), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    QCOMPARE(m_sandbox.trade(unscanned).value(u"state").toString(), QStringLiteral("PRECREATED"));

    // close: a scanned, unpaid trade closes.
    const QString waiting = uniqueTradeNo(QStringLiteral("CLOSE1"));
    QVERIFY(!precreate(waiting).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), waiting).status, 200);
    const QJsonObject closed = call(kClose, byNumber(waiting));
    QCOMPARE(closed.value(u"out_trade_no").toString(), waiting);
    QVERIFY(!closed.value(u"trade_no").toString().isEmpty());
    QCOMPARE(call(kQuery, byNumber(waiting)).value(u"trade_status").toString(), QStringLiteral("TRADE_CLOSED"));
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), waiting)
                 .json()
                 .value(u"error")
                 .toObject()
                 .value(u"sub_code")
                 .toString(),
             QStringLiteral("ACQ.TRADE_HAS_CLOSE"));
    QCOMPARE(call(kClose, byNumber(waiting), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.TRADE_STATUS_ERROR"));

    // cancel: a QR never scanned -> success without action, and the QR is dead.
    const QString cancelled = uniqueTradeNo(QStringLiteral("CANCEL0"));
    QVERIFY(!precreate(cancelled).isEmpty());
    const QJsonObject quiet = call(kCancel, byNumber(cancelled));
    QCOMPARE(quiet.value(u"retry_flag").toString(), QStringLiteral("N"));
    QVERIFY(!quiet.contains(u"action"));
    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), cancelled).status, 409);
    // It never became a trade: a query still says so, and a second cancel answers as the first.
    QCOMPARE(call(kQuery, byNumber(cancelled), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    QVERIFY(!call(kCancel, byNumber(cancelled)).contains(u"action"));

    // cancel: waiting -> action close.
    const QString cancelWaiting = uniqueTradeNo(QStringLiteral("CANCEL1"));
    QVERIFY(!precreate(cancelWaiting).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), cancelWaiting).status, 200);
    const QJsonObject closedByCancel = call(kCancel, byNumber(cancelWaiting));
    QCOMPARE(closedByCancel.value(u"action").toString(), QStringLiteral("close"));
    QCOMPARE(closedByCancel.value(u"retry_flag").toString(), QStringLiteral("N"));
    QCOMPARE(call(kQuery, byNumber(cancelWaiting)).value(u"trade_status").toString(), QStringLiteral("TRADE_CLOSED"));
    QCOMPARE(call(kCancel, byNumber(cancelWaiting)).value(u"action").toString(), QStringLiteral("close"));

    // cancel: paid -> action refund, the whole amount back, trade closed.
    const QString cancelPaid = uniqueTradeNo(QStringLiteral("CANCEL2"));
    QVERIFY(!precreate(cancelPaid).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), cancelPaid).status, 200);
    const QJsonObject refundedByCancel = call(kCancel, byNumber(cancelPaid));
    QCOMPARE(refundedByCancel.value(u"action").toString(), QStringLiteral("refund"));
    QVERIFY(alipay::Timestamp::parse(refundedByCancel.value(u"gmt_refund_pay").toString()).has_value());
    QCOMPARE(call(kQuery, byNumber(cancelPaid)).value(u"trade_status").toString(), QStringLiteral("TRADE_CLOSED"));
    QCOMPARE(m_sandbox.trade(cancelPaid).value(u"refunded_amount").toString(), QStringLiteral("12.34"));
    QCOMPARE(call(kCancel, byNumber(cancelPaid)).value(u"action").toString(), QStringLiteral("refund"));

    // cancel: a number Alipay never saw (the pay request was lost) -> success, nothing to do.
    const QJsonObject unknown = call(kCancel, byNumber(uniqueTradeNo(QStringLiteral("NEVER"))));
    QCOMPARE(unknown.value(u"retry_flag").toString(), QStringLiteral("N"));
    QVERIFY(!unknown.contains(u"action"));

    // close of a paid trade is refused.
    const QString paid = uniqueTradeNo(QStringLiteral("CLOSE2"));
    QVERIFY(!precreate(paid).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), paid).status, 200);
    QCOMPARE(call(kClose, byNumber(paid), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.TRADE_STATUS_ERROR"));
}

void TestSandboxGateway::refundRules()
{
    const QString no = uniqueTradeNo(QStringLiteral("REFUND"));
    QVERIFY(!precreate(no, QStringLiteral("10.00")).isEmpty());
    const auto refund = [&](const QString& requestNo, const QString& amount, const QString& code) {
        return call(kRefund,
                    {{QStringLiteral("out_trade_no"), no},
                     {QStringLiteral("refund_amount"), amount},
                     {QStringLiteral("out_request_no"), requestNo}},
                    code);
    };
    QCOMPARE(refund(QStringLiteral("A"), QStringLiteral("1.00"), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), no).status, 200);
    QCOMPARE(refund(QStringLiteral("A"), QStringLiteral("1.00"), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.TRADE_STATUS_ERROR"));
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);

    QCOMPARE(
        refund(QStringLiteral("A"), QStringLiteral("3.00"), QStringLiteral("10000")).value(u"fund_change").toString(),
        QStringLiteral("Y"));
    const QJsonObject again = refund(QStringLiteral("A"), QStringLiteral("3.00"), QStringLiteral("10000"));
    QCOMPARE(again.value(u"fund_change").toString(), QStringLiteral("N"));
    QCOMPARE(again.value(u"refund_fee").toString(), QStringLiteral("3.00"));
    QCOMPARE(refund(QStringLiteral("A"), QStringLiteral("4.00"), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.DISCORDANT_REPEAT_REQUEST"));
    QCOMPARE(refund(QStringLiteral("B"), QStringLiteral("7.01"), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"));
    const QJsonObject rest = refund(QStringLiteral("B"), QStringLiteral("7.00"), QStringLiteral("10000"));
    QCOMPARE(rest.value(u"refund_fee").toString(), QStringLiteral("10.00"));
    // Fully refunded: TRADE_CLOSED, and nothing more to give back.
    QCOMPARE(call(kQuery, byNumber(no)).value(u"trade_status").toString(), QStringLiteral("TRADE_CLOSED"));
    QCOMPARE(refund(QStringLiteral("C"), QStringLiteral("0.01"), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"));
    QCOMPARE(
        refund(QStringLiteral("B"), QStringLiteral("7.00"), QStringLiteral("10000")).value(u"fund_change").toString(),
        QStringLiteral("N"));
    QCOMPARE(refund(QStringLiteral("D"), QStringLiteral("-1"), QStringLiteral("40004")).value(u"sub_code").toString(),
             QStringLiteral("ACQ.INVALID_PARAMETER"));
}

void TestSandboxGateway::refundQueryWithoutRefund()
{
    const QString no = uniqueTradeNo(QStringLiteral("RQ"));
    QVERIFY(!precreate(no).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    const QJsonObject none = call(kRefundQuery, {{QStringLiteral("out_trade_no"), no},
                                                 {QStringLiteral("out_request_no"), QStringLiteral("NOPE")}});
    QCOMPARE(none.value(u"out_request_no").toString(), QStringLiteral("NOPE"));
    QVERIFY(!none.contains(u"refund_amount"));
    QVERIFY(!none.contains(u"refund_status"));
    QCOMPARE(call(kRefundQuery,
                  {{QStringLiteral("out_trade_no"), uniqueTradeNo(QStringLiteral("NONE"))},
                   {QStringLiteral("out_request_no"), QStringLiteral("X")}},
                  QStringLiteral("40004"))
                 .value(u"sub_code")
                 .toString(),
             QStringLiteral("ACQ.TRADE_NOT_EXIST"));
}

void TestSandboxGateway::billWithoutBusinessOrBadDate()
{
    const QJsonObject none = call(kBillUrl,
                                  {{QStringLiteral("bill_type"), QStringLiteral("trade")},
                                   {QStringLiteral("bill_date"), QStringLiteral("2020-01-01")}},
                                  QStringLiteral("40004"));
    QCOMPARE(none.value(u"sub_code").toString(), QStringLiteral("isp.bill_not_exist"));
    const QJsonObject future = call(kBillUrl,
                                    {{QStringLiteral("bill_type"), QStringLiteral("trade")},
                                     {QStringLiteral("bill_date"), QStringLiteral("2999-01-01")}},
                                    QStringLiteral("40004"));
    QCOMPARE(future.value(u"sub_code").toString(), QStringLiteral("isp.bill_not_exist"));
    for (const char* bad : {"2020-13-01", "20200101", "yesterday"}) {
        const QJsonObject refused = call(kBillUrl,
                                         {{QStringLiteral("bill_type"), QStringLiteral("trade")},
                                          {QStringLiteral("bill_date"), QString::fromLatin1(bad)}},
                                         QStringLiteral("40002"));
        QCOMPARE(refused.value(u"sub_code").toString(), QStringLiteral("isv.invalid-parameter"));
    }
    // A month works too, when there was business in it.
    const QString no = uniqueTradeNo(QStringLiteral("MONTH"));
    QVERIFY(!precreate(no).isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    const QJsonObject month = call(kBillUrl, {{QStringLiteral("bill_type"), QStringLiteral("trade")},
                                              {QStringLiteral("bill_date"), todayInChina().left(7)}});
    QVERIFY(month.value(u"bill_download_url")
                .toString()
                .contains(QStringLiteral("bizDates=") + todayInChina().left(7).remove(u'-')));
}

void TestSandboxGateway::billLinkIsShortLived()
{
    QCOMPARE(httpGet(m_sandbox.url(QStringLiteral("/downloadBillFile.resource"))).status, 404);
    QUrl forged = m_sandbox.url(QStringLiteral("/downloadBillFile.resource"));
    forged.setQuery(QStringLiteral("token=00112233445566778899aabbccddeeff"));
    QCOMPARE(httpGet(forged).status, 404);
}

void TestSandboxGateway::customerPage()
{
    const QString no = uniqueTradeNo(QStringLiteral("PAGE"));
    const QJsonObject created =
        call(kPrecreate, precreateBiz(no, QStringLiteral("8.80"), QStringLiteral("<b>Tea & Cake</b>")));
    const QUrl qr(created.value(u"qr_code").toString());
    const HttpResult page = httpGet(qr);
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("Content-Type").startsWith("text/html"));
    QVERIFY(page.body.contains("&lt;b&gt;Tea &amp; Cake&lt;/b&gt;"));
    QVERIFY(!page.body.contains("<b>Tea"));
    QVERIFY(page.body.contains("8.80"));
    QVERIFY(page.body.contains("action=\"/sandbox/pay\""));
    QVERIFY(page.body.contains("SANDBOX"));

    // The page's buttons post a form and come back to the page.
    const HttpResult scanned =
        httpPost(m_sandbox.url(QStringLiteral("/sandbox/scan")), "out_trade_no=" + no.toUtf8() + "&return=page");
    QCOMPARE(scanned.status, 303);
    QCOMPARE(scanned.header("Location"), qr.path().toUtf8());
    QVERIFY(httpGet(qr).body.contains("WAIT_BUYER_PAY"));
    const HttpResult declined =
        httpPost(m_sandbox.url(QStringLiteral("/sandbox/decline")), "out_trade_no=" + no.toUtf8() + "&return=page");
    QCOMPARE(declined.status, 303);
    QVERIFY(httpGet(qr).body.contains("TRADE_CLOSED"));
    QCOMPARE(call(kQuery, byNumber(no)).value(u"trade_status").toString(), QStringLiteral("TRADE_CLOSED"));
    // Paying a closed trade: the page says why.
    const HttpResult refused =
        httpPost(m_sandbox.url(QStringLiteral("/sandbox/pay")), "out_trade_no=" + no.toUtf8() + "&return=page");
    QVERIFY(refused.header("Location").contains("notice="));

    QCOMPARE(httpGet(m_sandbox.url(QStringLiteral("/qr/baxnosuchcode"))).status, 404);
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), QStringLiteral("NO-SUCH-ORDER")).status, 404);
    QCOMPARE(httpPost(m_sandbox.url(QStringLiteral("/sandbox/pay")), QByteArray()).status, 400);
    // JSON bodies work as well as forms.
    const QString jsonNo = uniqueTradeNo(QStringLiteral("PAGEJSON"));
    QVERIFY(!precreate(jsonNo).isEmpty());
    const HttpResult paid =
        httpPost(m_sandbox.url(QStringLiteral("/sandbox/pay")),
                 QJsonDocument(QJsonObject{{QStringLiteral("out_trade_no"), jsonNo}}).toJson(), "application/json");
    QCOMPARE(paid.json().value(u"trade").toObject().value(u"state").toString(), QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(httpGet(m_sandbox.url(QStringLiteral("/"))).status, 200);
    QCOMPARE(httpGet(m_sandbox.url(QStringLiteral("/nothing/here"))).status, 404);
}

void TestSandboxGateway::parametersInTheQueryString()
{
    // Alipay accepts a GET with every parameter in the query string.
    const QString no = uniqueTradeNo(QStringLiteral("GET"));
    QVERIFY(!precreate(no).isEmpty());
    QUrl url = m_client->config().gatewayUrl;
    url.setQuery(QString::fromLatin1(alipay::FormCodec::encode(m_client->sign(kQuery, byNumber(no)))));
    const HttpResult reply = httpGet(url);
    auto verified = m_client->verify(reply, kQuery);
    QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().toString()));
    QCOMPARE(verified->subCode(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
}

void TestSandboxGateway::javaSdkSplitsQueryAndBody()
{
    // Alipay's Java SDK puts the common parameters in the URL and biz_content in the form body.
    const QString no = uniqueTradeNo(QStringLiteral("SPLIT"));
    const alipay::Params params = m_client->sign(kPrecreate, precreateBiz(no));
    alipay::Params query = params;
    query.remove(QStringLiteral("biz_content"));
    QUrl url = m_client->config().gatewayUrl;
    url.setQuery(QString::fromLatin1(alipay::FormCodec::encode(query)));
    const HttpResult reply =
        httpPost(url, "biz_content=" + QUrl::toPercentEncoding(params.value(QStringLiteral("biz_content"))));
    auto verified = m_client->verify(reply, kPrecreate);
    QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().toString()));
    QCOMPARE(verified->code(), QStringLiteral("10000"));

    // The same parameter in both places is refused, never merged.
    const HttpResult twice = httpPost(url, alipay::FormCodec::encode(params));
    QVERIFY2(twice.body.contains("isv.invalid-parameter"), twice.body.constData());
}

void TestSandboxGateway::gbkCharset()
{
    // charset=GBK: the client signs the GBK bytes; the gateway answers in GBK, signed over GBK bytes.
    const QString no = uniqueTradeNo(QStringLiteral("GBK"));
    alipay::Params params =
        m_client->sign(kPrecreate, precreateBiz(no, QStringLiteral("5.00"), QStringLiteral("奶茶")));
    params.set(QStringLiteral("charset"), QStringLiteral("GBK"));
    params.remove(QStringLiteral("sign"));
    QStringEncoder toGbk("GBK");
    const QByteArray content = toGbk.encode(QString::fromUtf8(alipay::SignContent::forRequest(params)));
    params.set(QStringLiteral("sign"), *alipay::Rsa2::sign(m_client->config().appPrivateKey, content));
    QByteArray body;
    for (const auto& [key, value] : params) {
        if (!body.isEmpty())
            body += '&';
        body += key.toLatin1() + '=' + QByteArray(toGbk.encode(value)).toPercentEncoding();
    }
    const HttpResult reply =
        httpPost(m_client->config().gatewayUrl, body, "application/x-www-form-urlencoded; charset=GBK");
    QCOMPARE(reply.header("Content-Type"), QByteArray("text/html;charset=GBK"));
    auto verified = m_client->verify(reply, kPrecreate);
    QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().toString()));
    QCOMPARE(verified->code(), QStringLiteral("10000"));
    QCOMPARE(m_sandbox.trade(no).value(u"subject").toString(), QStringLiteral("奶茶"));

    // A GBK error text is GBK on the wire.
    params.set(QStringLiteral("method"), kQuery);
    params.set(QStringLiteral("biz_content"), QStringLiteral("{\"out_trade_no\":\"%1\"}").arg(no));
    params.remove(QStringLiteral("sign"));
    params.set(
        QStringLiteral("sign"),
        *alipay::Rsa2::sign(m_client->config().appPrivateKey,
                            QByteArray(toGbk.encode(QString::fromUtf8(alipay::SignContent::forRequest(params))))));
    const HttpResult refused = m_client->post(params);
    QVERIFY(refused.body.contains(QByteArray(toGbk.encode(QStringLiteral("交易不存在")))));
    QCOMPARE(m_client->verify(refused, kQuery)->subMsg(), QStringLiteral("交易不存在"));
}

void TestSandboxGateway::aesEncryptedCalls()
{
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path(), {QStringLiteral("--aes")}).exitCode, 0);
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(dir.path()), qPrintable(sandbox.error()));
    SandboxClient client(sandbox.configPath());
    QVERIFY2(client.isValid(), qPrintable(client.error()));
    QVERIFY(client.config().contentCipher.has_value());

    const QString no = uniqueTradeNo(QStringLiteral("AES"));
    const alipay::Params params = client.sign(kPrecreate, precreateBiz(no));
    QCOMPARE(params.value(QStringLiteral("encrypt_type")), QStringLiteral("AES"));
    QVERIFY(!params.value(QStringLiteral("biz_content")).startsWith(u'{'));
    const HttpResult reply = client.post(params);
    // The member is the cipher text of the node, as a JSON string.
    QVERIFY2(reply.body.startsWith("{\"alipay_trade_precreate_response\":\""), reply.body.constData());
    auto verified = client.verify(reply, kPrecreate);
    QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().toString()));
    QCOMPARE(verified->code(), QStringLiteral("10000"));
    QCOMPARE(verified->node.value(u"out_trade_no").toString(), no);

    // Plain calls still work for an app with a key.
    alipay::Params plain = params;
    plain.remove(QStringLiteral("encrypt_type"));
    plain.set(QStringLiteral("biz_content"),
              QString::fromUtf8(QJsonDocument(byNumber(no)).toJson(QJsonDocument::Compact)));
    plain.set(QStringLiteral("method"), kQuery);
    plain.remove(QStringLiteral("sign"));
    plain.set(QStringLiteral("sign"),
              *alipay::Rsa2::sign(client.config().appPrivateKey, alipay::SignContent::forRequest(plain)));
    QCOMPARE(client.verify(client.post(plain), kQuery)->subCode(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));

    // An app without a key cannot send encrypted content.
    alipay::Params foreign = m_client->sign(kQuery, byNumber(no));
    foreign.set(QStringLiteral("encrypt_type"), QStringLiteral("AES"));
    foreign.remove(QStringLiteral("sign"));
    foreign.set(QStringLiteral("sign"),
                *alipay::Rsa2::sign(m_client->config().appPrivateKey, alipay::SignContent::forRequest(foreign)));
    QCOMPARE(m_client->verify(m_client->post(foreign), kQuery)->subCode(),
             QStringLiteral("isv.decryption-error-not-valid-encrypt-key"));
    QCOMPARE(sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TestSandboxGateway)
#include "TestSandboxGateway.moc"
