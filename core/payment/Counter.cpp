#include "payment/Counter.h"

namespace counterpay::payment {

Result<void> Counter::load(const QString& configPath, bool withGateway, const QString& fallbackDatabase)
{
    auto loadedGateway = config::GatewayConfig::load(configPath);
    if (!loadedGateway)
        return loadedGateway.error();
    gateway = *loadedGateway;
    auto loadedSettings = config::CounterSettings::load(configPath, gateway);
    if (!loadedSettings)
        return loadedSettings.error();
    settings = *loadedSettings;
    databasePath = !settings.databasePath.isEmpty() ? settings.databasePath
                   : !fallbackDatabase.isEmpty()    ? fallbackDatabase
                                                    : store::OrderStore::defaultPath();
    auto opened = store::OrderStore::open(databasePath);
    if (!opened)
        return opened.error();
    store = std::move(*opened);
    if (withGateway) {
        network = std::make_unique<QNetworkAccessManager>();
        client = alipay::GatewayClient::fromConfig(gateway, network.get());
        trades = std::make_unique<AlipayTradeGateway>(*client);
    }
    return {};
}

} // namespace counterpay::payment
