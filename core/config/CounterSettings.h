#pragma once

#include "common/Result.h"
#include "config/BackupSettings.h"
#include "config/FeedbackSettings.h"
#include "config/PaymentOptions.h"
#include "config/ReceiptSettings.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QString>

namespace counterpay::config {

struct GatewayConfig;

// The counter's own settings, from the same INI file as the gateway:
//
//   [counter]  terminal_id=T1  cashier_id=  store_id=  database=orders.sqlite  subject=门店消费
//   [payment]  qr_lifetime_s=300  barcode_wait_s=60  poll=first=1500,1000@30000,2000@120000,final=5000
//   [notify]   enabled=false  listen=127.0.0.1  port=8089  path=/alipay/notify  seller_id=
//   [display]  customer_display=true  language=  lock_after_min=5
//   [feedback] sounds=true  voice=true  voice_language=zh_CN  volume=  (FeedbackSettings.h)
//   [backup]   folder=  keep_hourly=24  keep_daily=7  keep_weekly=4  every_min=60  (BackupSettings.h)
//
// Every key is optional; the defaults are the ones shown.
struct CounterSettings
{
    QString databasePath; // empty: the platform's app-data folder
    // The order title the customer sees in Alipay when the cashier gives none; a store usually puts
    // its own name here. The default reads "in-store purchase".
    QString subject = QStringLiteral("门店消费");
    config::PaymentOptions payment;
    bool notifyEnabled = false;
    QHostAddress notifyListen = QHostAddress::LocalHost;
    quint16 notifyPort = 8089;
    QString notifyPath = QStringLiteral("/alipay/notify");
    // The store's Alipay partner id (2088..., seller_id); when set, a notification for another seller
    // is refused.
    QString notifySellerId;
    // [display] customer_display: show the customer display when a second screen is there.
    bool customerDisplay = true;
    // [display] language: zh_CN or en for the desktop app; empty: the system's.
    QString language;
    // [display] lock_after_min: the desktop app locks an idle counter after this many minutes when the
    // shop has people with PINs (0: only F12 locks it). At most 240.
    int lockAfterMinutes = 5;
    ReceiptSettings receipt; // [receipt], see ReceiptSettings.h
    FeedbackSettings feedback;
    BackupSettings backup; // [backup], see BackupSettings.h

    static Result<CounterSettings> load(const QString& path, const GatewayConfig& gateway);

    Q_DECLARE_TR_FUNCTIONS(CounterSettings)
};

} // namespace counterpay::config
