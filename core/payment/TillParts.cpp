#include "payment/TillParts.h"

namespace counterpay::payment {

Result<TillParts> TillParts::load(const QString& configPath, Use use, const QString& fallbackDatabase,
                                  const Clock& clock, const vault::PassphrasePrompt& prompt)
{
    auto gateway = use == Use::BookOnly ? config::GatewayConfig::loadWithoutKeys(configPath)
                                        : config::GatewayConfig::load(configPath, Clock::system(), prompt);
    if (!gateway)
        return gateway.error();
    return withGateway(configPath, std::move(*gateway), use, fallbackDatabase, clock);
}

Result<TillParts> TillParts::withGateway(const QString& configPath, config::GatewayConfig gateway, Use use,
                                         const QString& fallbackDatabase, const Clock& clock)
{
    auto loadedSettings = config::CounterSettings::load(configPath, gateway);
    if (!loadedSettings)
        return loadedSettings.error();
    TillParts parts;
    parts.gateway = std::move(gateway);
    parts.settings = std::move(*loadedSettings);
    parts.databasePath = !parts.settings.databasePath.isEmpty() ? parts.settings.databasePath
                         : !fallbackDatabase.isEmpty()          ? fallbackDatabase
                                                                : store::OrderStore::defaultPath();
    auto opened = store::OrderStore::open(parts.databasePath);
    if (!opened)
        return opened.error();
    parts.store = std::move(*opened);
    parts.people = std::make_unique<people::PeopleStore>(parts.store->connection(), clock);
    parts.shifts = std::make_unique<people::ShiftLog>(parts.store->connection(), clock);
    if (use == Use::Payments) {
        parts.network = std::make_unique<QNetworkAccessManager>();
        parts.client = parts.gateway.makeClient(parts.network.get());
        parts.trades = std::make_unique<AlipayTradeGateway>(*parts.client);
    }
    return parts;
}

} // namespace counterpay::payment
