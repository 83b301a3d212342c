#pragma once

#include "TestSupport.h"
#include "alipay/Params.h"
#include "alipay/RequestBuilder.h"
#include "alipay/ResponseVerifier.h"
#include "config/GatewayConfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QUrl>

#include <memory>
#include <optional>

// What the sandbox tests share: the counterpay-sandbox program as a real process on a free port,
// plain synchronous HTTP, and a client that signs and verifies exactly as the app does (core's
// RequestBuilder and ResponseVerifier with the config `init` wrote).
namespace counterpay::test {

QString sandboxProgram();
QString cliProgram();

// `counterpay-sandbox init DIR ...`; fails the test on a non-zero exit.
ProcessResult initSandbox(const QString& dir, const QStringList& extra = {});

struct HttpResult
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 elapsedMs = 0;

    QByteArray header(const QByteArray& name) const;
    QJsonObject json() const;
};

HttpResult httpGet(const QUrl& url, int timeoutMs = 15000);
HttpResult httpPost(const QUrl& url, const QByteArray& body,
                    const QByteArray& contentType = "application/x-www-form-urlencoded", int timeoutMs = 15000);
HttpResult httpDelete(const QUrl& url);

class SandboxProcess
{
public:
    SandboxProcess() = default;
    ~SandboxProcess();
    SandboxProcess(const SandboxProcess&) = delete;
    SandboxProcess& operator=(const SandboxProcess&) = delete;

    // Starts `serve --data-dir DIR --port 0 <extra>` and waits for its `listening on` line.
    bool start(const QString& dataDir, const QStringList& extra = {});
    // SIGTERM, then the exit code (-1: it crashed or did not stop within 10 s).
    int stop();

    bool isRunning() const { return m_process && m_process->state() == QProcess::Running; }
    const QUrl& baseUrl() const { return m_baseUrl; }
    QUrl url(const QString& path) const;
    QUrl gatewayUrl() const { return url(QStringLiteral("/gateway.do")); }
    const QString& dataDir() const { return m_dataDir; }
    QString configPath() const;
    QByteArray log();
    const QString& error() const { return m_error; }

    // POST /sandbox/<action> (scan, pay, decline) for the customer.
    HttpResult customer(const QString& action, const QString& outTradeNo);
    // The trade as GET /sandbox/trades lists it; empty when unknown.
    QJsonObject trade(const QString& outTradeNo);
    // POST /sandbox/faults.
    bool setFaults(const QJsonObject& plan);

private:
    std::unique_ptr<QProcess> m_process;
    QUrl m_baseUrl;
    QString m_dataDir;
    QString m_error;
    QByteArray m_log;
};

// Signs as the app of a counterpay.ini and verifies with its Alipay key.
class SandboxClient
{
public:
    explicit SandboxClient(const QString& configPath);

    bool isValid() const { return m_config.has_value(); }
    const QString& error() const { return m_error; }
    const config::GatewayConfig& config() const { return *m_config; }

    // The signed parameters of a call.
    alipay::Params sign(const QString& method, const QJsonObject& biz, const QString& notifyUrl = {}) const;
    // POSTs them as one form body.
    HttpResult post(const alipay::Params& params, int timeoutMs = 15000) const;
    Result<alipay::VerifiedResponse> verify(const HttpResult& reply, const QString& method) const;
    // sign + post + verify.
    Result<alipay::VerifiedResponse> call(const QString& method, const QJsonObject& biz,
                                          const QString& notifyUrl = {}) const;

private:
    std::optional<config::GatewayConfig> m_config;
    QString m_error;
};

// "alipay_trade_query_response" -> the raw node text, for checks on the exact bytes.
QByteArray rawNode(const QByteArray& body, const QByteArray& member);

// A trade number unique within a test run.
QString uniqueTradeNo(const QString& prefix);

} // namespace counterpay::test
