#pragma once

#include "common/Result.h"
#include "payment/PaymentOptions.h"

#include <QHostAddress>
#include <QString>

namespace counterpay::config {

struct GatewayConfig;

// The counter's own settings, from the same INI file as the gateway:
//
//   [counter]  terminal_id=T1  cashier_id=  store_id=  database=orders.sqlite  subject=门店消费
//   [payment]  qr_lifetime_s=300  barcode_wait_s=60  poll=first=1500,1000@30000,2000@120000,final=5000
//   [notify]   enabled=false  listen=127.0.0.1  port=8089  path=/alipay/notify
//
// Every key is optional; the defaults are the ones shown.
struct CounterSettings
{
    QString databasePath; // empty: the platform's app-data folder
    // The order title the customer sees in Alipay when the cashier gives none; a store usually puts
    // its own name here. The default reads "in-store purchase".
    QString subject = QStringLiteral("门店消费");
    payment::PaymentOptions payment;
    bool notifyEnabled = false;
    QHostAddress notifyListen = QHostAddress::LocalHost;
    quint16 notifyPort = 8089;
    QString notifyPath = QStringLiteral("/alipay/notify");

    static Result<CounterSettings> load(const QString& path, const GatewayConfig& gateway);
};

} // namespace counterpay::config
