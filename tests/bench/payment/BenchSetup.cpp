#include "BenchSetup.h"

#include <QDir>

namespace counterpay::bench {

Result<std::unique_ptr<BenchSetup>> BenchSetup::load(const QString& configPath)
{
    auto setup = std::make_unique<BenchSetup>();
    auto gateway = config::GatewayConfig::load(configPath);
    if (!gateway)
        return gateway.error();
    setup->gateway = *gateway;
    auto settings = config::CounterSettings::load(configPath, setup->gateway);
    if (!settings)
        return settings.error();
    setup->settings = *settings;
    setup->databasePath = setup->settings.databasePath;
    if (setup->databasePath.isEmpty()) {
        setup->scratch = std::make_unique<QTemporaryDir>();
        if (!setup->scratch->isValid())
            return Error::storage(QStringLiteral("cannot create a scratch folder"), setup->scratch->errorString());
        setup->databasePath = setup->scratch->filePath(QStringLiteral("bench-orders.sqlite"));
    }
    auto store = store::OrderStore::open(setup->databasePath);
    if (!store)
        return store.error();
    setup->store = std::move(*store);
    setup->network = std::make_unique<QNetworkAccessManager>();
    setup->client = alipay::GatewayClient::fromConfig(setup->gateway, setup->network.get());
    setup->trades = std::make_unique<payment::AlipayTradeGateway>(*setup->client);
    return setup;
}

alipay::RequestBuilder BenchSetup::requestBuilder() const
{
    alipay::RequestBuilder::Identity identity;
    identity.appId = gateway.appId;
    identity.privateKey = gateway.appPrivateKey;
    identity.appCertSn = gateway.appCertSn;
    identity.alipayRootCertSn = gateway.alipayRootCertSn;
    identity.contentCipher = gateway.contentCipher;
    return alipay::RequestBuilder(std::move(identity), Clock::system());
}

alipay::ResponseVerifier BenchSetup::responseVerifier() const
{
    alipay::ResponseVerifier verifier(gateway.alipayPublicKey);
    if (!gateway.alipayCertSn.isEmpty())
        verifier.setExpectedCertSn(gateway.alipayCertSn);
    verifier.setContentCipher(gateway.contentCipher);
    return verifier;
}

QUrl BenchSetup::urlWithPath(const QString& path) const
{
    QUrl url = gateway.gatewayUrl;
    url.setPath(path);
    url.setQuery(QString());
    return url;
}

} // namespace counterpay::bench
