#include "BenchSetup.h"

namespace counterpay::bench {

Result<std::unique_ptr<BenchSetup>> BenchSetup::load(const QString& configPath)
{
    auto setup = std::make_unique<BenchSetup>();
    setup->scratch = std::make_unique<QTemporaryDir>();
    if (!setup->scratch->isValid())
        return Error::storage(QStringLiteral("cannot create a scratch folder"), setup->scratch->errorString());
    auto loaded = payment::TillParts::load(configPath, payment::TillParts::Use::Payments,
                                           setup->scratch->filePath(QStringLiteral("bench-orders.sqlite")));
    if (!loaded)
        return loaded.error();
    static_cast<payment::TillParts&>(*setup) = std::move(*loaded);
    return setup;
}

alipay::RequestBuilder BenchSetup::requestBuilder() const
{
    return gateway.requestBuilder(Clock::system());
}

alipay::ResponseVerifier BenchSetup::responseVerifier() const
{
    return gateway.responseVerifier();
}

QUrl BenchSetup::urlWithPath(const QString& path) const
{
    QUrl url = gateway.gatewayUrl;
    url.setPath(path);
    url.setQuery(QString());
    return url;
}

} // namespace counterpay::bench
