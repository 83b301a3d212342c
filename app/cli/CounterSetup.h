#pragma once

#include "alipay/GatewayClient.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "payment/TradeGateway.h"
#include "store/OrderStore.h"

#include <QNetworkAccessManager>

#include <memory>

namespace counterpay::cli {

// Everything a payment command needs, loaded from one --config file: the gateway, the counter's
// settings and its order book.
struct CounterSetup
{
    config::GatewayConfig gateway;
    config::CounterSettings settings;
    std::unique_ptr<store::OrderStore> store;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<alipay::GatewayClient> client;
    std::unique_ptr<payment::AlipayTradeGateway> trades;

    // withGateway=false: only the order book (for `orders`).
    static Result<std::unique_ptr<CounterSetup>> load(const QString& configPath, bool withGateway = true);
};

} // namespace counterpay::cli
