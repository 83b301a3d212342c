#include "cli/CounterSetup.h"

#include "cli/Console.h"

#include <QCoreApplication>

namespace counterpay::cli {

Result<std::unique_ptr<CounterSetup>> CounterSetup::load(const QString& configPath, bool withGateway)
{
    if (configPath.isEmpty())
        return Error::config(QCoreApplication::translate("CounterSetup", "give --config FILE"));
    auto setup = std::make_unique<CounterSetup>();
    auto gateway = config::GatewayConfig::load(configPath);
    if (!gateway)
        return gateway.error();
    setup->gateway = *gateway;
    auto settings = config::CounterSettings::load(configPath, setup->gateway);
    if (!settings)
        return settings.error();
    setup->settings = *settings;
    const QString databasePath =
        setup->settings.databasePath.isEmpty() ? store::OrderStore::defaultPath() : setup->settings.databasePath;
    auto store = store::OrderStore::open(databasePath);
    if (!store)
        return store.error();
    setup->store = std::move(*store);
    if (withGateway) {
        if (setup->gateway.isSandbox())
            Console::message(QCoreApplication::translate("CounterSetup", "SANDBOX gateway %1: no real money moves")
                                 .arg(setup->gateway.gatewayUrl.toDisplayString()));
        setup->network = std::make_unique<QNetworkAccessManager>();
        setup->client = alipay::GatewayClient::fromConfig(setup->gateway, setup->network.get());
        setup->trades = std::make_unique<payment::AlipayTradeGateway>(*setup->client);
    }
    return setup;
}

} // namespace counterpay::cli
