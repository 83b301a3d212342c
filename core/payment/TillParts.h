#pragma once

#include "alipay/GatewayClient.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "payment/TradeGateway.h"
#include "store/OrderStore.h"

#include <QNetworkAccessManager>

#include <memory>

namespace counterpay::payment {

// What a till is made of, as its config file describes it: the gateway, the counter's own settings,
// its order book and the client that talks to Alipay for it. A Till owns one; tests put one together
// by hand with a scripted gateway, the benchmarks use the parts directly.
struct TillParts
{
    config::GatewayConfig gateway;
    config::CounterSettings settings;
    QString databasePath;
    std::unique_ptr<store::OrderStore> store;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<alipay::GatewayClient> client;
    std::unique_ptr<TradeGateway> trades; // empty when loaded without the gateway

    enum class Use
    {
        Payments, // everything
        BookOnly, // the order book alone: listing orders needs no keys or network
    };

    // The book is the config's [counter] database, else fallbackDatabase, else the platform's
    // app-data file (OrderStore::defaultPath()).
    static Result<TillParts> load(const QString& configPath, Use use = Use::Payments,
                                  const QString& fallbackDatabase = {});
};

} // namespace counterpay::payment
