#include "CustomerPage.h"

namespace counterpay::sandbox {

namespace {

const QString kStyle = QStringLiteral(
    "body{font-family:system-ui,sans-serif;max-width:28rem;margin:1.5rem auto;padding:0 1rem;color:#222}"
    ".badge{display:inline-block;background:#c62828;color:#fff;padding:.2rem .6rem;border-radius:.3rem;"
    "font-weight:bold;letter-spacing:.05rem}"
    ".amount{font-size:2.4rem;font-weight:bold;margin:.5rem 0}"
    "table{border-collapse:collapse;width:100%}td{padding:.25rem 0;vertical-align:top}td:first-child{color:#666;"
    "width:40%}.state{font-weight:bold}.notice{background:#fff3cd;padding:.5rem;border-radius:.3rem}"
    "form{display:inline}button{font-size:1.1rem;padding:.6rem 1.2rem;margin:.4rem .4rem 0 0;border-radius:.4rem;"
    "border:1px solid #888;background:#fff}button.pay{background:#1677ff;color:#fff;border-color:#1677ff}"
    "code{background:#f3f3f3;padding:.1rem .3rem}");

QString page(const QString& title, const QString& body)
{
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                          "<title>%1</title><style>%2</style></head><body>"
                          "<p><span class=\"badge\">SANDBOX 沙箱</span> no real money moves</p>%3</body></html>\n")
        .arg(title.toHtmlEscaped(), kStyle, body);
}

QString button(const Trade& trade, const char* action, const QString& label, bool primary)
{
    return QStringLiteral("<form method=\"post\" action=\"/sandbox/%1\">"
                          "<input type=\"hidden\" name=\"app_id\" value=\"%2\">"
                          "<input type=\"hidden\" name=\"out_trade_no\" value=\"%3\">"
                          "<input type=\"hidden\" name=\"return\" value=\"page\">"
                          "<button%4>%5</button></form>")
        .arg(QString::fromLatin1(action), trade.appId.toHtmlEscaped(), trade.outTradeNo.toHtmlEscaped(),
             primary ? QStringLiteral(" class=\"pay\"") : QString(), label);
}

QString stateText(Trade::Status status)
{
    switch (status) {
    case Trade::Status::Precreated:
        return QStringLiteral("等待扫码 · waiting for the scan");
    case Trade::Status::WaitBuyerPay:
        return QStringLiteral("等待付款 · WAIT_BUYER_PAY");
    case Trade::Status::Success:
        return QStringLiteral("支付成功 · TRADE_SUCCESS");
    case Trade::Status::Finished:
        return QStringLiteral("交易结束 · TRADE_FINISHED");
    case Trade::Status::Closed:
        return QStringLiteral("交易关闭 · TRADE_CLOSED");
    }
    return {};
}

} // namespace

QByteArray CustomerPage::render(const Trade& trade, const QString& notice)
{
    QString body = QStringLiteral("<h1>%1</h1><div class=\"amount\">¥ %2</div><table>"
                                  "<tr><td>状态 State</td><td class=\"state\" id=\"state\">%3</td></tr>"
                                  "<tr><td>商户订单号</td><td><code>%4</code></td></tr>")
                       .arg(trade.subject.toHtmlEscaped(), trade.total.toString(), stateText(trade.status),
                            trade.outTradeNo.toHtmlEscaped());
    if (!trade.tradeNo.isEmpty())
        body += QStringLiteral("<tr><td>支付宝交易号</td><td><code>%1</code></td></tr>").arg(trade.tradeNo);
    if (!trade.refunded.isZero())
        body += QStringLiteral("<tr><td>已退款 Refunded</td><td>¥ %1</td></tr>").arg(trade.refunded.toString());
    body += QStringLiteral("</table>");
    if (!notice.isEmpty())
        body += QStringLiteral("<p class=\"notice\">%1</p>").arg(notice.toHtmlEscaped());
    body += QStringLiteral("<p>");
    if (trade.status == Trade::Status::Precreated)
        body += button(trade, "scan", QStringLiteral("扫码 Scan"), false);
    if (trade.status == Trade::Status::Precreated || trade.status == Trade::Status::WaitBuyerPay) {
        body += button(trade, "pay", QStringLiteral("付款 Pay ¥ ") + trade.total.toString(), true);
        body += button(trade, "decline", QStringLiteral("拒绝 Decline"), false);
    }
    body += QStringLiteral("</p>");
    return page(QStringLiteral("支付宝沙箱 · ") + trade.subject, body).toUtf8();
}

QByteArray CustomerPage::notFound()
{
    return page(QStringLiteral("支付宝沙箱"),
                QStringLiteral("<h1>二维码无效</h1><p>This QR code is unknown to this sandbox.</p>"))
        .toUtf8();
}

QByteArray CustomerPage::index(const QString& sellerId, const QStringList& appIds)
{
    QString apps;
    for (const QString& id : appIds)
        apps += QStringLiteral("<code>%1</code> ").arg(id.toHtmlEscaped());
    const QString body = QStringLiteral(
        "<h1>counterpay-sandbox</h1><p>A local Alipay gateway for tests and demos. Seller "
        "<code>%1</code>; apps %2</p><ul>"
        "<li><code>POST /gateway.do</code> (or GET): the Alipay OpenAPI v2 gateway</li>"
        "<li><code>GET /qr/&lt;code&gt;</code>: the customer page of a QR</li>"
        "<li><code>POST /sandbox/scan</code>, <code>/sandbox/pay</code>, <code>/sandbox/decline</code> with "
        "<code>out_trade_no</code></li>"
        "<li><a href=\"/sandbox/trades\"><code>GET /sandbox/trades</code></a>, "
        "<a href=\"/sandbox/notifications\"><code>GET /sandbox/notifications</code></a></li>"
        "<li><a href=\"/sandbox/faults\"><code>GET|POST|DELETE /sandbox/faults</code></a></li></ul>");
    return page(QStringLiteral("counterpay-sandbox"), body.arg(sellerId.toHtmlEscaped(), apps)).toUtf8();
}

} // namespace counterpay::sandbox
