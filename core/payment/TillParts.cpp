#include "payment/TillParts.h"

namespace counterpay::payment {

Result<TillParts> TillParts::load(const QString& configPath, Use use, const QString& fallbackDatabase,
                                  const Clock& clock, const vault::PassphrasePrompt& prompt)
{
    TillParts parts;
    auto loadedGateway = config::GatewayConfig::load(configPath, Clock::system(), prompt);
    if (!loadedGateway)
        return loadedGateway.error();
    auto loadedSettings = config::CounterSettings::load(configPath, *loadedGateway);
    if (!loadedSettings)
        return loadedSettings.error();
    parts.gateway = std::move(*loadedGateway);
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
