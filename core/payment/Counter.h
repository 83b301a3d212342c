#pragma once

#include "alipay/GatewayClient.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "payment/TradeGateway.h"
#include "store/OrderStore.h"

#include <QNetworkAccessManager>

#include <memory>

namespace counterpay::payment {

// One counter as its config file describes it: the gateway, the counter's own settings, its order
// book and the client that talks to Alipay for it. The CLI and the benchmarks start from here.
struct Counter
{
    config::GatewayConfig gateway;
    config::CounterSettings settings;
    QString databasePath;
    std::unique_ptr<store::OrderStore> store;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<alipay::GatewayClient> client;
    std::unique_ptr<AlipayTradeGateway> trades;

    // withGateway=false opens only the order book (listing orders needs no keys or network).
    // The book is the config's [counter] database, else fallbackDatabase, else the platform's
    // app-data file (OrderStore::defaultPath()).
    Result<void> load(const QString& configPath, bool withGateway = true, const QString& fallbackDatabase = {});
};

} // namespace counterpay::payment
