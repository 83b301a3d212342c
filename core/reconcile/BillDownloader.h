#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace counterpay::reconcile {

// Fetches the zip behind a bill_download_url. The link lives 30 seconds, so it is fetched at once;
// the bill is business data, so it travels over https, or plain http only to this machine by address
// (the sandbox), as for the gateway. An http link to any other host is fetched as https; a redirect
// must keep to the same rule. The body is capped: a larger answer is dropped unread.
class BillDownloader : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        qint64 maxBytes = 64LL * 1024 * 1024;
        int timeoutMs = 60000;
    };
    using Callback = std::function<void(Result<QByteArray>)>;

    explicit BillDownloader(QNetworkAccessManager* network, QObject* parent = nullptr);
    BillDownloader(QNetworkAccessManager* network, Options options, QObject* parent = nullptr);

    // The URL that is fetched for a link, or a Security error for one that may not be fetched.
    static Result<QUrl> fetchableUrl(const QUrl& link);

    // `done` runs exactly once, on this object's thread, unless it is destroyed first.
    void download(const QUrl& link, Callback done);

private:
    QNetworkAccessManager* m_network;
    Options m_options;
};

} // namespace counterpay::reconcile
