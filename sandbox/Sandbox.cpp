#include "Sandbox.h"

#include "BillArchive.h"
#include "CustomerPage.h"
#include "alipay/FormCodec.h"
#include "methods/Methods.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QUrlQuery>

namespace counterpay::sandbox {

Q_LOGGING_CATEGORY(lcGateway, "counterpay.sandbox.gateway")

namespace {

constexpr qint64 kResendWindowMs = 5000;
constexpr int kTransportResends = 2;

std::map<QString, std::unique_ptr<MethodHandler>> methodTable()
{
    std::map<QString, std::unique_ptr<MethodHandler>> table;
    for (auto& handler : makeAllMethods()) {
        const QString name = handler->method();
        table.emplace(name, std::move(handler));
    }
    return table;
}

QStringList methodNames(const std::map<QString, std::unique_ptr<MethodHandler>>& table)
{
    QStringList names;
    for (const auto& [name, handler] : table)
        names.append(name);
    return names;
}

// What a proxy in front of Alipay's gateway says when the gateway is not there.
HttpReply proxyError(int status)
{
    const QByteArray title = status == 502 ? "502 Bad Gateway" : "504 Gateway Time-out";
    return HttpReply::html("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
                               "</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n",
                           status);
}

// The method of a request, read without any checks: faults are decided before the gateway looks.
QString peekMethod(const HttpRequest& request)
{
    for (const QByteArray& part : {request.rawQuery, request.body}) {
        for (const QByteArray& pair : part.split('&')) {
            if (pair.startsWith("method="))
                return QString::fromUtf8(QByteArray::fromPercentEncoding(pair.mid(7)));
        }
    }
    return {};
}

// Parameters of a /sandbox/* call: query string, then a form or JSON body.
alipay::Params controlParams(const HttpRequest& request)
{
    alipay::Params params;
    if (auto query = alipay::FormCodec::decode(request.rawQuery))
        params = *query;
    if (request.contentType.startsWith("application/json")) {
        const QJsonObject json = QJsonDocument::fromJson(request.body).object();
        for (auto it = json.begin(); it != json.end(); ++it)
            params.set(it.key(), it.value().toString());
    } else if (!request.body.isEmpty()) {
        if (auto form = alipay::FormCodec::decode(request.body)) {
            for (const auto& [key, value] : *form)
                params.set(key, value);
        }
    }
    return params;
}

QJsonDocument errorJson(const QString& code, const QString& message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                     {QStringLiteral("error"), QJsonObject{{QStringLiteral("sub_code"), code},
                                                                           {QStringLiteral("message"), message}}}});
}

} // namespace

Result<std::unique_ptr<Sandbox>> Sandbox::create(Environment environment, SandboxOptions options, const Clock& clock)
{
    auto database = SandboxDatabase::open(environment.databasePath());
    if (!database)
        return database.error();
    return std::unique_ptr<Sandbox>(
        new Sandbox(std::move(environment), std::move(options), clock, std::move(database.value())));
}

Sandbox::Sandbox(Environment environment, SandboxOptions options, const Clock& clock,
                 std::unique_ptr<SandboxDatabase> database)
    : m_environment(std::move(environment))
    , m_options(std::move(options))
    , m_clock(clock)
    , m_database(std::move(database))
    , m_trades(*m_database)
    , m_faults(m_options.seed)
    , m_signer(m_environment.gateway())
    , m_notifications(*m_database, m_environment.gateway(), m_signer, m_faults, clock, m_options.notifications, this)
    , m_acquirer(m_trades, m_notifications, clock)
    , m_bills(clock, m_options.billsSameDay)
    , m_methods(methodTable())
    , m_authenticator(m_environment, clock, methodNames(m_methods))
    , m_server([this](const HttpRequest& request) { return route(request); }, this)
{
    for (const FaultPlan::Rule& rule : m_options.faults)
        m_faults.add(rule);
    // Scheduled payments and timeouts happen without anyone asking.
    m_clockTick.setInterval(200);
    connect(&m_clockTick, &QTimer::timeout, this, [this] { m_acquirer.settleDue(); });
}

Sandbox::~Sandbox()
{
    stop();
}

Result<QUrl> Sandbox::start()
{
    auto url = m_server.listenOn(m_options.host, m_options.port);
    if (!url)
        return url.error();
    m_listenUrl = *url;
    m_acquirer.settleDue();
    m_clockTick.start();
    m_notifications.start();
    return url;
}

void Sandbox::stop()
{
    m_clockTick.stop();
    m_notifications.stop();
    m_server.close();
}

QUrl Sandbox::baseUrl(const HttpRequest& request) const
{
    // Links point back the way the client came (a phone on the LAN uses the LAN address), as long as
    // the Host header is a plain host[:port].
    if (m_options.publicUrl.isValid())
        return m_options.publicUrl;
    const QByteArray host = request.host;
    bool clean = !host.isEmpty() && host.size() < 256;
    for (const char c : host) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                             c == '-' || c == ':' || c == '[' || c == ']';
        clean = clean && allowed;
    }
    if (!clean)
        return m_listenUrl;
    QUrl url(QStringLiteral("http://") + QString::fromLatin1(host));
    return url.isValid() && !url.host().isEmpty() ? url : m_listenUrl;
}

HttpReply Sandbox::route(const HttpRequest& request)
{
    const QString& path = request.path;
    if (path == u"/gateway.do") {
        if (request.method != "GET" && request.method != "POST")
            return HttpReply::text("use GET or POST\n", 405);
        return gateway(request);
    }
    if (path.startsWith(u"/qr/") && request.method == "GET")
        return customerPage(path.mid(4), request.rawQuery);
    if (path == u"/sandbox/scan" || path == u"/sandbox/pay" || path == u"/sandbox/decline") {
        if (request.method != "POST")
            return HttpReply::text("use POST\n", 405);
        return customerAction(request, path.mid(9));
    }
    if (path == u"/sandbox/trades" && request.method == "GET")
        return tradeList(request);
    if (path == u"/sandbox/notifications" && request.method == "GET")
        return notificationList();
    if (path == u"/sandbox/faults")
        return faultControl(request);
    if (path == u"/downloadBillFile.resource" && request.method == "GET")
        return billDownload(request);
    if (path == u"/" && request.method == "GET") {
        QStringList apps;
        for (const SandboxApp& app : m_environment.apps())
            apps.append(app.appId);
        return HttpReply::html(CustomerPage::index(m_environment.gateway().sellerId, apps));
    }
    return HttpReply::text("not found\n", 404);
}

HttpReply Sandbox::gateway(const HttpRequest& request)
{
    m_acquirer.settleDue();
    const QString method = peekMethod(request);
    if (isResendOfDroppedCall(request)) {
        qCInfo(lcGateway).noquote() << method << "not processed [faults: drop (the client's resend)]";
        HttpReply again;
        again.delivery = HttpReply::Delivery::Drop;
        return again;
    }

    const FaultPlan::CallFaults faults = m_faults.decideForCall(method);
    const QString faultNote =
        faults.fired.isEmpty() ? QString() : QStringLiteral(" [faults: %1]").arg(faults.fired.join(u", "));
    if (!faults.processed()) {
        qCInfo(lcGateway).noquote() << method << "not processed" << faultNote;
        HttpReply reply = unprocessedReply(request, method, faults.outcome);
        reply.delayMs = faults.latencyMs;
        return reply;
    }

    HttpReply reply = answer(request, faults.outcome == FaultPlan::CallFaults::Outcome::BadSignature, faultNote);
    reply.delayMs = faults.latencyMs;
    if (faults.outcome == FaultPlan::CallFaults::Outcome::LostReply) {
        reply.delivery = HttpReply::Delivery::Hold;
        reply.holdMs = faults.holdMs;
    }
    return reply;
}

bool Sandbox::isResendOfDroppedCall(const HttpRequest& request)
{
    // Qt's QNetworkAccessManager resends a request on its own, up to twice and at once, when the
    // connection closes before any byte of the answer. Those resends of a dropped call are dropped
    // too, so the client sees the drop it was meant to see; they draw nothing from the plan. A later
    // identical request is a new attempt (a retry within the same second has the same bytes: the
    // timestamp has seconds and RSA2 signatures are deterministic).
    const QDateTime now = m_clock.now();
    for (auto it = m_dropped.begin(); it != m_dropped.end();)
        it = it->at.msecsTo(now) > kResendWindowMs ? m_dropped.erase(it) : std::next(it);
    auto it = m_dropped.find(fingerprint(request));
    if (it == m_dropped.end())
        return false;
    if (it->resendsLeft-- > 0)
        return true;
    m_dropped.erase(it);
    return false;
}

QByteArray Sandbox::fingerprint(const HttpRequest& request)
{
    return QCryptographicHash::hash(QByteArray(request.rawQuery + '\n' + request.body), QCryptographicHash::Sha256);
}

HttpReply Sandbox::unprocessedReply(const HttpRequest& request, const QString& method,
                                    FaultPlan::CallFaults::Outcome outcome)
{
    HttpReply reply;
    switch (outcome) {
    case FaultPlan::CallFaults::Outcome::Drop:
        reply.delivery = HttpReply::Delivery::Drop;
        m_dropped.insert(fingerprint(request), Dropped{m_clock.now(), kTransportResends});
        break;
    case FaultPlan::CallFaults::Outcome::Http502:
        reply = proxyError(502);
        break;
    case FaultPlan::CallFaults::Outcome::Http504:
        reply = proxyError(504);
        break;
    case FaultPlan::CallFaults::Outcome::Code20000: {
        const QString member =
            m_methods.count(method) ? ReplySigner::memberFor(method) : QStringLiteral("error_response");
        reply.contentType = QByteArrayLiteral("text/html;charset=UTF-8");
        reply.body = m_signer.body(member, ResponseNode::serviceUnavailable(), {});
        break;
    }
    case FaultPlan::CallFaults::Outcome::Normal:
    case FaultPlan::CallFaults::Outcome::BadSignature:
    case FaultPlan::CallFaults::Outcome::LostReply:
        break;
    }
    return reply;
}

HttpReply Sandbox::answer(const HttpRequest& request, bool corruptSignature, const QString& faultNote)
{
    ReplySigner::Options sign;
    sign.corruptSignature = corruptSignature;
    const QString method = peekMethod(request);
    QString member;
    ResponseNode node;
    QString outTradeNo;
    auto authenticated = m_authenticator.authenticate(request.rawQuery, request.body, request.contentType);
    if (auto* refused = std::get_if<GatewayRefusal>(&authenticated)) {
        member = refused->member;
        node = refused->node;
        sign.sign = refused->app != nullptr;
        sign.gbk = refused->gbk;
    } else {
        const GatewayCall& call = std::get<GatewayCall>(authenticated);
        CallContext context{call, m_acquirer, m_environment.gateway(), m_bills, baseUrl(request)};
        node = m_methods.at(call.method)->handle(context);
        member = ReplySigner::memberFor(call.method);
        sign.gbk = call.gbk;
        if (call.encrypted && call.app->cipher)
            sign.cipher = &*call.app->cipher;
        outTradeNo = context.biz("out_trade_no");
    }

    HttpReply reply;
    reply.contentType =
        sign.gbk ? QByteArrayLiteral("text/html;charset=GBK") : QByteArrayLiteral("text/html;charset=UTF-8");
    reply.body = m_signer.body(member, node, sign);
    const QString result = node.subCode().isEmpty() ? node.code() : node.code() + u' ' + node.subCode();
    qCInfo(lcGateway).noquote() << (method.isEmpty() ? QStringLiteral("(no method)") : method)
                                << (outTradeNo.isEmpty() ? QString() : outTradeNo + u' ') + QStringLiteral("-> ") +
                                       result + faultNote;
    return reply;
}

HttpReply Sandbox::customerPage(const QString& code, const QByteArray& rawQuery)
{
    m_acquirer.settleDue();
    auto trade = m_trades.findByQrToken(code);
    if (!trade)
        return HttpReply::text(trade.error().toString().toUtf8() + '\n', 500);
    if (!*trade)
        return HttpReply::html(CustomerPage::notFound(), 404);
    const QString notice =
        QUrlQuery(QString::fromUtf8(rawQuery)).queryItemValue(QStringLiteral("notice"), QUrl::FullyDecoded);
    return HttpReply::html(CustomerPage::render(**trade, notice));
}

HttpReply Sandbox::customerAction(const HttpRequest& request, const QString& action)
{
    m_acquirer.settleDue();
    const alipay::Params params = controlParams(request);
    const QString outTradeNo = params.value(QStringLiteral("out_trade_no"));
    const QString appId = params.value(QStringLiteral("app_id"));
    if (outTradeNo.isEmpty())
        return HttpReply::json(
            errorJson(QStringLiteral("MISSING_OUT_TRADE_NO"), QStringLiteral("out_trade_no is required")), 400);
    auto candidates = m_trades.findEverywhere(outTradeNo);
    if (!candidates)
        return HttpReply::json(errorJson(QStringLiteral("STORAGE"), candidates.error().toString()), 500);
    QList<Trade> matching;
    for (const Trade& trade : *candidates) {
        if (appId.isEmpty() || trade.appId == appId)
            matching.append(trade);
    }
    if (matching.isEmpty())
        return HttpReply::json(errorJson(QStringLiteral("ACQ.TRADE_NOT_EXIST"), QStringLiteral("no such trade")), 404);
    if (matching.size() > 1)
        return HttpReply::json(errorJson(QStringLiteral("AMBIGUOUS"), QStringLiteral("several apps have this "
                                                                                     "out_trade_no; pass app_id")),
                               409);

    const Trade& trade = matching.first();
    Result<Trade> done = action == u"scan"  ? m_acquirer.scan(trade)
                         : action == u"pay" ? m_acquirer.pay(trade)
                                            : m_acquirer.decline(trade);
    if (params.value(QStringLiteral("return")) == u"page") {
        QUrl back;
        back.setPath(QStringLiteral("/qr/") + trade.qrToken);
        if (!done) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("notice"), done.error().message());
            back.setQuery(query);
        }
        HttpReply reply = HttpReply::text("see the page\n", 303);
        reply.headers.append({QByteArrayLiteral("Location"), back.toString(QUrl::FullyEncoded).toUtf8()});
        return reply;
    }
    if (!done)
        return HttpReply::json(errorJson(done.error().subCode(), done.error().message()), 409);
    return HttpReply::json(
        QJsonDocument(QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("trade"), done->toJson()}}));
}

HttpReply Sandbox::tradeList(const HttpRequest& request)
{
    m_acquirer.settleDue();
    auto trades = m_trades.all();
    if (!trades)
        return HttpReply::json(errorJson(QStringLiteral("STORAGE"), trades.error().toString()), 500);
    const QUrlQuery query(QString::fromUtf8(request.rawQuery));
    const QString outTradeNo = query.queryItemValue(QStringLiteral("out_trade_no"), QUrl::FullyDecoded);
    QJsonArray list;
    for (const Trade& trade : *trades) {
        if (outTradeNo.isEmpty() || trade.outTradeNo == outTradeNo)
            list.append(trade.toJson());
    }
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("trades"), list}}));
}

HttpReply Sandbox::notificationList()
{
    auto list = m_notifications.toJson();
    if (!list)
        return HttpReply::json(errorJson(QStringLiteral("STORAGE"), list.error().toString()), 500);
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("notifications"), *list}}));
}

HttpReply Sandbox::faultControl(const HttpRequest& request)
{
    if (request.method == "DELETE") {
        m_faults.clear();
    } else if (request.method == "POST") {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return HttpReply::json(
                errorJson(QStringLiteral("BAD_JSON"), QStringLiteral("expected a JSON object: ") + error.errorString()),
                400);
        if (auto replaced = m_faults.replaceFromJson(document.object()); !replaced)
            return HttpReply::json(errorJson(QStringLiteral("BAD_FAULT"), replaced.error().message()), 400);
        qCInfo(lcGateway).noquote() << "fault plan:"
                                    << QString::fromUtf8(
                                           QJsonDocument(m_faults.toJson()).toJson(QJsonDocument::Compact));
    } else if (request.method != "GET") {
        return HttpReply::text("use GET, POST or DELETE\n", 405);
    }
    return HttpReply::json(QJsonDocument(m_faults.toJson()));
}

HttpReply Sandbox::billDownload(const HttpRequest& request)
{
    const QUrlQuery query(QString::fromUtf8(request.rawQuery));
    const std::optional<BillLinks::Bill> bill = m_bills.find(query.queryItemValue(QStringLiteral("token")));
    if (!bill)
        return HttpReply::text("this bill link is unknown or has expired (links live 30 seconds)\n", 404);
    BillArchive::Content content;
    content.sellerId = m_environment.gateway().sellerId;
    content.bill = *bill;
    content.exportedAt = m_clock.now();
    auto payments = m_trades.paidBetween(bill->appId, bill->from, bill->to);
    auto refunds = m_trades.refundsBetween(bill->appId, bill->from, bill->to);
    if (!payments || !refunds)
        return HttpReply::text("the sandbox database failed\n", 500);
    content.payments = *payments;
    for (const Refund& refund : *refunds) {
        auto trade = m_trades.find(refund.appId, refund.outTradeNo);
        if (trade && *trade)
            content.refunds.append({refund, **trade});
    }
    auto zip = BillArchive::zip(content);
    if (!zip)
        return HttpReply::text(zip.error().toString().toUtf8() + '\n', 500);
    HttpReply reply;
    reply.contentType = QByteArrayLiteral("application/octet-stream");
    reply.body = *zip;
    reply.headers.append(
        {QByteArrayLiteral("Content-Disposition"),
         "attachment; filename=\"" + content.sellerId.toLatin1() + '_' + bill->period.toLatin1() + ".csv.zip\""});
    return reply;
}

} // namespace counterpay::sandbox
