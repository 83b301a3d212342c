#pragma once

#include "alipay/GatewayClient.h"
#include "alipay/RequestBuilder.h"
#include "alipay/ResponseVerifier.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "payment/TradeGateway.h"
#include "store/OrderStore.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace counterpay::bench {

// What the benchmark measures with, wired from one --config file the way counterpay-cli wires it:
// the gateway client on its own QNetworkAccessManager, the order book, the counter's payment
// options. The order book is the config's [counter] database when it names one, else a file in a
// scratch folder, so benchmark orders never land in a counter's real book by accident.
struct BenchSetup
{
    config::GatewayConfig gateway;
    config::CounterSettings settings;
    QString databasePath;
    std::unique_ptr<QTemporaryDir> scratch;
    std::unique_ptr<store::OrderStore> store;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<alipay::GatewayClient> client;
    std::unique_ptr<payment::AlipayTradeGateway> trades;

    static Result<std::unique_ptr<BenchSetup>> load(const QString& configPath);

    // The same signer and verifier GatewayClient::fromConfig builds, for timing each step alone.
    alipay::RequestBuilder requestBuilder() const;
    alipay::ResponseVerifier responseVerifier() const;

    // The gateway's host with another path: the sandbox's customer actions, or a path nobody serves
    // (a bare HTTP exchange on the gateway's connection).
    QUrl urlWithPath(const QString& path) const;
};

} // namespace counterpay::bench
