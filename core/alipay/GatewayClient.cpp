#include "alipay/GatewayClient.h"

#include "alipay/FormCodec.h"
#include "alipay/TradeFields.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace counterpay::alipay {

Q_LOGGING_CATEGORY(lcGateway, "counterpay.alipay")

namespace {

// Shared by the reply's lambdas: why the client aborted the reply (a timer, or its size), and whether
// the request left this machine.
struct Exchange
{
    bool requestSent = false;
    QString abortedFor;
    bool finished = false;
};

} // namespace

GatewayClient::GatewayClient(Options options, RequestBuilder builder, ResponseVerifier verifier,
                             QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_builder(std::move(builder))
    , m_verifier(std::move(verifier))
    , m_network(network)
{}

void GatewayClient::send(const ApiRequest& request, Callback done)
{
    auto params = m_builder.build(request);
    if (!params) {
        done(params.error());
        return;
    }

    QNetworkRequest httpRequest(m_options.url);
    httpRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded; charset=utf-8"));
    // The gateway answers directly; a redirect would be a misconfiguration or an attack.
    httpRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = m_network->post(httpRequest, FormCodec::encode(*params));
    qCDebug(lcGateway) << "->" << request.method << m_options.url.toDisplayString();

    auto exchange = std::make_shared<Exchange>();
    auto* connectTimer = new QTimer(reply);
    connectTimer->setSingleShot(true);
    auto* totalTimer = new QTimer(reply);
    totalTimer->setSingleShot(true);

    connect(reply, &QNetworkReply::requestSent, reply, [exchange, connectTimer] {
        exchange->requestSent = true;
        connectTimer->stop();
    });
    connect(connectTimer, &QTimer::timeout, reply, [exchange, reply] {
        exchange->abortedFor = QStringLiteral("connect");
        reply->abort();
    });
    connect(totalTimer, &QTimer::timeout, reply, [exchange, reply] {
        exchange->abortedFor = QStringLiteral("total");
        reply->abort();
    });
    // An oversized reply is dropped as soon as it shows: by its announced length, else as it arrives.
    const auto refuseIfTooLarge = [exchange, reply](qint64 bytes) {
        if (bytes > kMaxReplyBytes && exchange->abortedFor.isEmpty()) {
            exchange->abortedFor = QStringLiteral("size");
            reply->abort();
        }
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, refuseIfTooLarge] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid())
            refuseIfTooLarge(length.toLongLong());
    });
    connect(reply, &QNetworkReply::downloadProgress, reply,
            [refuseIfTooLarge](qint64 received, qint64) { refuseIfTooLarge(received); });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, exchange, method = request.method, done = std::move(done)] {
                if (exchange->finished)
                    return;
                exchange->finished = true;
                reply->deleteLater();
                finish(reply, method, exchange->requestSent, exchange->abortedFor, done);
            });
    connectTimer->start(m_options.connectTimeoutMs);
    totalTimer->start(m_options.timeoutMs);
}

void GatewayClient::finish(QNetworkReply* reply, const QString& method, bool requestSent, const QString& abortedFor,
                           const Callback& done)
{
    const QString where = m_options.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();

    if (abortedFor == u"size") {
        done(Error::gateway(tr("Alipay's gateway sent an answer larger than 1 MiB, which is not one of its answers; it "
                               "was not read, and the request may have arrived"),
                            QStringLiteral("%1: reply over %2 bytes, aborted").arg(where).arg(kMaxReplyBytes)));
        return;
    }
    if (abortedFor == u"connect" && !requestSent) {
        done(Error::network(tr("could not reach Alipay's gateway in time; check the network"),
                            QStringLiteral("%1: connect timeout").arg(where)));
        return;
    }
    if (!abortedFor.isEmpty()) {
        done(Error::unknown(tr("Alipay's gateway did not answer in time; the request may have arrived"),
                            QStringLiteral("%1: no answer within %2 ms").arg(where).arg(m_options.timeoutMs)));
        return;
    }
    if (status == 0 && networkError != QNetworkReply::NoError) {
        const QString detail = QStringLiteral("%1: %2").arg(where, reply->errorString());
        switch (networkError) {
        case QNetworkReply::ConnectionRefusedError:
        case QNetworkReply::HostNotFoundError:
        case QNetworkReply::UnknownNetworkError:
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyNotFoundError:
            if (!requestSent) {
                done(Error::network(tr("cannot connect to Alipay's gateway; check the network"), detail));
                return;
            }
            break;
        case QNetworkReply::SslHandshakeFailedError:
            done(Error::network(tr("the secure connection to Alipay's gateway failed (certificate or clock)"), detail));
            return;
        default:
            break;
        }
        if (!requestSent) {
            done(Error::network(tr("cannot connect to Alipay's gateway; check the network"), detail));
            return;
        }
        done(Error::unknown(tr("the connection to Alipay's gateway broke after the request was sent; the request "
                               "may have arrived"),
                            detail));
        return;
    }

    const QByteArray body = reply->readAll();
    if (status != 200) {
        const QString detail = QStringLiteral("%1: HTTP %2").arg(where).arg(status);
        // A gateway timeout behind a proxy may still have processed the request.
        if (status == 504 || status == 0)
            done(Error::unknown(tr("Alipay's gateway timed out; the request may have arrived"), detail));
        else
            done(Error::gateway(tr("Alipay's gateway answered with an HTTP error"), detail));
        return;
    }

    auto verified = m_verifier.verify(body, method);
    if (!verified) {
        qCWarning(lcGateway) << "answer to" << method
                             << "refused:" << TradeFields::maskAuthCodes(verified.error().toString());
        done(verified.error());
        return;
    }
    qCDebug(lcGateway) << "<-" << method << verified->code() << verified->subCode();
    done(std::move(verified));
}

} // namespace counterpay::alipay
