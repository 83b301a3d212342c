#include "payment/Counter.h"

namespace counterpay::payment {

Result<void> Counter::load(const QString& configPath, bool withGateway, const QString& fallbackDatabase)
{
    // Everything is read and opened first, so a failed load leaves this counter as it was.
    auto loadedGateway = config::GatewayConfig::load(configPath);
    if (!loadedGateway)
        return loadedGateway.error();
    auto loadedSettings = config::CounterSettings::load(configPath, *loadedGateway);
    if (!loadedSettings)
        return loadedSettings.error();
    const QString path = !loadedSettings->databasePath.isEmpty() ? loadedSettings->databasePath
                         : !fallbackDatabase.isEmpty()           ? fallbackDatabase
                                                                 : store::OrderStore::defaultPath();
    auto opened = store::OrderStore::open(path);
    if (!opened)
        return opened.error();

    gateway = std::move(*loadedGateway);
    settings = std::move(*loadedSettings);
    databasePath = path;
    trades.reset();
    client.reset();
    network.reset();
    store = std::move(*opened);
    if (withGateway) {
        network = std::make_unique<QNetworkAccessManager>();
        client = gateway.makeClient(network.get());
        trades = std::make_unique<AlipayTradeGateway>(*client);
    }
    return {};
}

} // namespace counterpay::payment
