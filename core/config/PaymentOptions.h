#pragma once

#include "config/PollSchedule.h"

#include <QList>
#include <QString>

namespace counterpay::config {

// How payments at this counter run. Every number here can be set from configuration.
struct PaymentOptions
{
    QString appId;
    QString terminalId = QStringLiteral("T1");
    QString cashierId;
    QString storeId;
    QString notifyUrl;

    PollSchedule poll;
    qint64 qrLifetimeMs = qint64{5} * 60 * 1000; // the QR is shown this long, then the order is cancelled
    qint64 barcodeWaitMs = qint64{60} * 1000;    // how long a customer may take to confirm on the phone
    // Pauses between resends of a request that did not get an answer (the last one repeats).
    QList<qint64> retryBackoffMs{500, 1000, 2000, 4000, 8000};
    int maxCreateAttempts = 4; // precreate / pay sent this often at most
    int maxCancelAttempts = 8; // then the order is left Unknown for the next start
    int maxPayResends = 2;     // pay resent when a query finds no trade after a lost answer
};

} // namespace counterpay::config
