#include "SandboxHarness.h"

#include "alipay/ApiRequest.h"
#include "alipay/FormCodec.h"
#include "alipay/ResponseScanner.h"
#include "common/Utf8.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>
#include <QTimer>

#include <atomic>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

namespace counterpay::test {

QString sandboxProgram()
{
    return QStringLiteral(COUNTERPAY_SANDBOX);
}

QString cliProgram()
{
    return QStringLiteral(COUNTERPAY_CLI);
}

ProcessResult initSandbox(const QString& dir, const QStringList& extra)
{
    ProcessResult result = run(sandboxProgram(), QStringList{QStringLiteral("init"), dir} + extra);
    if (result.exitCode != 0)
        qWarning("counterpay-sandbox init failed: %s", result.err.constData());
    return result;
}

QByteArray HttpResult::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject HttpResult::json() const
{
    return Utf8::parseJson(body).object();
}

namespace {

HttpResult perform(const std::function<QNetworkReply*(QNetworkAccessManager&)>& send, int timeoutMs)
{
    QNetworkAccessManager network;
    QElapsedTimer timer;
    timer.start();
    QNetworkReply* reply = send(network);
    QEventLoop loop;
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&guard, &QTimer::timeout, &loop, [reply] { reply->abort(); });
    guard.start(timeoutMs);
    if (!reply->isFinished())
        loop.exec();
    HttpResult result;
    result.elapsedMs = timer.elapsed();
    result.error = reply->error();
    result.errorString = reply->errorString();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    delete reply;
    return result;
}

QNetworkRequest request(const QUrl& url)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

} // namespace

HttpResult httpGet(const QUrl& url, int timeoutMs)
{
    return perform([&](QNetworkAccessManager& network) { return network.get(request(url)); }, timeoutMs);
}

HttpResult httpPost(const QUrl& url, const QByteArray& body, const QByteArray& contentType, int timeoutMs)
{
    return perform(
        [&](QNetworkAccessManager& network) {
            QNetworkRequest post = request(url);
            post.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
            return network.post(post, body);
        },
        timeoutMs);
}

HttpResult httpDelete(const QUrl& url)
{
    return perform([&](QNetworkAccessManager& network) { return network.deleteResource(request(url)); }, 15000);
}

SandboxProcess::~SandboxProcess()
{
    if (isRunning())
        stop();
}

bool SandboxProcess::start(const QString& dataDir, const QStringList& extra)
{
    m_dataDir = dataDir;
    m_process = std::make_unique<QProcess>();
#ifdef Q_OS_LINUX
    // A test that crashes must not leave its sandbox running: the child gets SIGTERM when we die.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_log.clear();
    m_process->start(sandboxProgram(), QStringList{QStringLiteral("serve"), QStringLiteral("--data-dir"), dataDir,
                                                   QStringLiteral("--port"), QStringLiteral("0")} +
                                           extra);
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start counterpay-sandbox: ") + m_process->errorString();
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (!m_process->canReadLine() && timer.elapsed() < 20000) {
        if (m_process->state() != QProcess::Running)
            break;
        m_process->waitForReadyRead(200);
    }
    const QByteArray line = m_process->readLine().trimmed();
    if (!line.startsWith("listening on ")) {
        m_process->waitForFinished(2000);
        m_error = QStringLiteral("no `listening on` line; got \"%1\"; stderr: %2")
                      .arg(QString::fromUtf8(line), QString::fromUtf8(m_process->readAllStandardError()));
        return false;
    }
    m_baseUrl = QUrl(QString::fromUtf8(line.mid(13)));
    return m_baseUrl.isValid() && m_baseUrl.port() > 0;
}

int SandboxProcess::stop()
{
    if (!m_process)
        return -1;
    m_process->terminate();
    if (!m_process->waitForFinished(10000)) {
        m_process->kill();
        m_process->waitForFinished();
        return -1;
    }
    log();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

QUrl SandboxProcess::url(const QString& path) const
{
    QUrl url = m_baseUrl;
    url.setPath(path);
    return url;
}

QString SandboxProcess::configPath() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("counterpay.ini"));
}

QByteArray SandboxProcess::log()
{
    if (!m_process)
        return m_log;
    // The sandbox writes its log as it goes; give what is in the pipe a moment to arrive.
    m_process->setReadChannel(QProcess::StandardError);
    while (m_process->state() == QProcess::Running && m_process->waitForReadyRead(200))
        m_log += m_process->readAllStandardError();
    m_process->setReadChannel(QProcess::StandardOutput);
    m_log += m_process->readAllStandardError();
    return m_log;
}

HttpResult SandboxProcess::customer(const QString& action, const QString& outTradeNo)
{
    return httpPost(url(QStringLiteral("/sandbox/") + action), "out_trade_no=" + QUrl::toPercentEncoding(outTradeNo));
}

QJsonObject SandboxProcess::trade(const QString& outTradeNo)
{
    const HttpResult list = httpGet(url(QStringLiteral("/sandbox/trades")));
    for (const QJsonValue& trade : list.json().value(u"trades").toArray()) {
        if (trade.toObject().value(u"out_trade_no").toString() == outTradeNo)
            return trade.toObject();
    }
    return {};
}

bool SandboxProcess::setFaults(const QJsonObject& plan)
{
    const HttpResult result = httpPost(url(QStringLiteral("/sandbox/faults")),
                                       QJsonDocument(plan).toJson(QJsonDocument::Compact), "application/json");
    if (result.status != 200)
        qWarning("POST /sandbox/faults: %d %s", result.status, result.body.constData());
    return result.status == 200;
}

SandboxClient::SandboxClient(const QString& configPath)
{
    auto config = config::GatewayConfig::load(configPath);
    if (config)
        m_config = *config;
    else
        m_error = config.error().toString();
}

alipay::Params SandboxClient::sign(const QString& method, const QJsonObject& biz, const QString& notifyUrl) const
{
    const alipay::RequestBuilder builder = m_config->requestBuilder(Clock::system());
    auto params =
        builder.build(alipay::ApiRequest{method, QJsonDocument(biz).toJson(QJsonDocument::Compact), notifyUrl});
    if (!params)
        qFatal("cannot sign a request: %s", qPrintable(params.error().toString()));
    return *params;
}

HttpResult SandboxClient::post(const alipay::Params& params, int timeoutMs) const
{
    return httpPost(m_config->gatewayUrl, alipay::FormCodec::encode(params),
                    "application/x-www-form-urlencoded; charset=utf-8", timeoutMs);
}

Result<alipay::VerifiedResponse> SandboxClient::verify(const HttpResult& reply, const QString& method) const
{
    return m_config->responseVerifier().verify(reply.body, method);
}

Result<alipay::VerifiedResponse> SandboxClient::call(const QString& method, const QJsonObject& biz,
                                                     const QString& notifyUrl) const
{
    const HttpResult reply = post(sign(method, biz, notifyUrl));
    if (reply.error != QNetworkReply::NoError)
        return Error::network(reply.errorString);
    return verify(reply, method);
}

QByteArray rawNode(const QByteArray& body, const QByteArray& member)
{
    auto scanned = alipay::ResponseScanner::scan(body, member);
    return scanned ? scanned->rawNode : QByteArray();
}

QString uniqueTradeNo(const QString& prefix)
{
    static std::atomic<int> counter{0};
    return prefix + u'-' + QString::number(QDateTime::currentMSecsSinceEpoch()) + u'-' + QString::number(++counter);
}

} // namespace counterpay::test
