#pragma once

#include "alipay/GatewayClient.h"
#include "common/Clock.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "payment/TradeGateway.h"
#include "people/PeopleStore.h"
#include "people/ShiftLog.h"
#include "store/OrderStore.h"
#include "vault/PassphrasePrompt.h"

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
    // The people and shifts of the same book: over the store's connection, so they come after it.
    std::unique_ptr<people::PeopleStore> people;
    std::unique_ptr<people::ShiftLog> shifts;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<alipay::GatewayClient> client;
    std::unique_ptr<TradeGateway> trades; // empty when loaded without the gateway

    enum class Use
    {
        Payments, // everything
        BookOnly, // the order book alone: listing orders needs no keys or network
    };

    // The book is the config's [counter] database, else fallbackDatabase, else the platform's
    // app-data file (OrderStore::defaultPath()). Its people and
    // shifts keep time by `clock`. `prompt` asks for the passphrase of an encrypted app private key.
    static Result<TillParts> load(const QString& configPath, Use use = Use::Payments,
                                  const QString& fallbackDatabase = {}, const Clock& clock = Clock::system(),
                                  const vault::PassphrasePrompt& prompt = {});
    // The same with a gateway loaded already, its keys open: the counter's settings and its book are read
    // from `configPath` again, the keys are not (saving settings asks no passphrase a second time).
    static Result<TillParts> withGateway(const QString& configPath, config::GatewayConfig gateway,
                                         Use use = Use::Payments, const QString& fallbackDatabase = {},
                                         const Clock& clock = Clock::system());
};

} // namespace counterpay::payment
