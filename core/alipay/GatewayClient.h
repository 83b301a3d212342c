#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/RequestBuilder.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"

#include <QLoggingCategory>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace counterpay::alipay {

Q_DECLARE_LOGGING_CATEGORY(lcGateway)

// Sends one OpenAPI call to the gateway and hands back the verified answer. Every failure becomes one
// Error: Network when the request surely did not arrive (connection refused, connect timeout, TLS),
// Unknown when it may have (timeout or dropped connection after sending, HTTP 504), Gateway for other
// HTTP or format errors, Security when the answer does not verify. TLS verification stays on.
// A reply over kMaxReplyBytes is refused (Gateway) before anything in it is read.
class GatewayClient : public QObject
{
    Q_OBJECT

public:
    // Alipay's answers are a few KB; a bill comes by its own download URL, not in the reply.
    static constexpr qint64 kMaxReplyBytes = qint64{1024} * 1024;

    struct Options
    {
        QUrl url;
        int connectTimeoutMs = 5000;
        int timeoutMs = 15000;
    };
    using Callback = std::function<void(Result<VerifiedResponse>)>;

    // A config file's client comes from config::GatewayConfig::makeClient.
    GatewayClient(Options options, RequestBuilder builder, ResponseVerifier verifier, QNetworkAccessManager* network,
                  QObject* parent = nullptr);

    // `done` runs exactly once, on this object's thread, unless the client is destroyed first.
    void send(const ApiRequest& request, Callback done);

    // A typed call (TradePrecreate, TradePay, ...): its request, then its own reading of the answer.
    template <typename Call>
    void call(const Call& call, std::function<void(Result<typename Call::Response>)> done)
    {
        send(call.request(), [call, done = std::move(done)](Result<VerifiedResponse> answer) {
            if (!answer)
                done(answer.error());
            else
                done(call.parse(*answer));
        });
    }

    const QUrl& url() const { return m_options.url; }

private:
    // `abortedFor`: why the client aborted the reply ("connect", "total" timeout, "size"), else empty.
    void finish(QNetworkReply* reply, const QString& method, bool requestSent, const QString& abortedFor,
                const Callback& done);

    Options m_options;
    RequestBuilder m_builder;
    ResponseVerifier m_verifier;
    QNetworkAccessManager* m_network;
};

} // namespace counterpay::alipay
