#include "reconcile/BillDownloader.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

namespace counterpay::reconcile {

namespace {

// 127.0.0.0/8 or ::1 written as an address; a name never qualifies (see GatewayConfig).
bool isLoopbackAddress(const QString& host)
{
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool mayFetch(const QUrl& url)
{
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == u"https" || (url.scheme() == u"http" && isLoopbackAddress(url.host())));
}

struct Exchange
{
    QString abortedFor; // "size", "time", "redirect"
    bool finished = false;
};

} // namespace

BillDownloader::BillDownloader(QNetworkAccessManager* network, QObject* parent)
    : BillDownloader(network, Options(), parent)
{}

BillDownloader::BillDownloader(QNetworkAccessManager* network, Options options, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_options(options)
{}

Result<QUrl> BillDownloader::fetchableUrl(const QUrl& link)
{
    QUrl url = link;
    if (url.isValid() && url.scheme() == u"http" && !url.host().isEmpty() && !isLoopbackAddress(url.host())) {
        url.setScheme(QStringLiteral("https"));
        if (url.port() == 80)
            url.setPort(-1);
    }
    if (!mayFetch(url))
        return Error::security(tr("Alipay's bill link is not one CounterPay fetches (https, or http to this "
                                  "machine only)"),
                               link.toDisplayString(QUrl::RemoveQuery));
    return url;
}

void BillDownloader::download(const QUrl& link, Callback done)
{
    auto url = fetchableUrl(link);
    if (!url) {
        done(url.error());
        return;
    }
    QNetworkRequest request(*url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setMaximumRedirectsAllowed(3);
    QNetworkReply* reply = m_network->get(request);
    const QString where = url->toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);

    auto exchange = std::make_shared<Exchange>();
    auto* timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, reply, [exchange, reply] {
        exchange->abortedFor = QStringLiteral("time");
        reply->abort();
    });
    connect(reply, &QNetworkReply::redirected, reply, [exchange, reply](const QUrl& target) {
        if (mayFetch(target)) {
            emit reply->redirectAllowed();
        } else {
            exchange->abortedFor = QStringLiteral("redirect");
            reply->abort();
        }
    });
    const qint64 maxBytes = m_options.maxBytes;
    const auto refuseIfTooLarge = [exchange, reply, maxBytes](qint64 bytes) {
        if (bytes > maxBytes && exchange->abortedFor.isEmpty()) {
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
    connect(reply, &QNetworkReply::finished, this, [this, reply, exchange, where, done = std::move(done)] {
        if (exchange->finished)
            return;
        exchange->finished = true;
        reply->deleteLater();
        if (exchange->abortedFor == u"size") {
            done(Error::gateway(
                tr("The bill Alipay's link serves is larger than %1 bytes; it was not read").arg(m_options.maxBytes),
                where));
            return;
        }
        if (exchange->abortedFor == u"redirect") {
            done(Error::security(tr("Alipay's bill link redirected to a place CounterPay does not fetch from"), where));
            return;
        }
        if (exchange->abortedFor == u"time") {
            done(Error::network(
                tr("The bill did not arrive within %1 seconds; reconcile again").arg(m_options.timeoutMs / 1000),
                where));
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            done(Error::network(tr("The bill could not be fetched; check the network"),
                                QStringLiteral("%1: %2").arg(where, reply->errorString())));
            return;
        }
        if (status != 200) {
            // Alipay's links expire after 30 seconds; an expired one is not found.
            done(Error::gateway(status == 404 || status == 403 || status == 410
                                    ? tr("Alipay's bill link had expired before the bill was fetched; reconcile again")
                                    : tr("Alipay's bill link answered with an HTTP error"),
                                QStringLiteral("%1: HTTP %2").arg(where).arg(status)));
            return;
        }
        const QByteArray body = reply->readAll();
        if (body.size() > m_options.maxBytes) {
            done(Error::gateway(
                tr("The bill Alipay's link serves is larger than %1 bytes; it was not read").arg(m_options.maxBytes),
                where));
            return;
        }
        done(body);
    });
    timer->start(m_options.timeoutMs);
}

} // namespace counterpay::reconcile
