#pragma once

#include "alipay/RequestBuilder.h"
#include "alipay/ResponseVerifier.h"
#include "payment/TillParts.h"

#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace counterpay::bench {

// What the benchmark measures with: the counter its --config describes, wired as counterpay-cli
// wires it. The order book is the config's [counter] database when it names one, else a file in a
// scratch folder, so benchmark orders never land in a counter's real book by accident.
struct BenchSetup : payment::TillParts
{
    std::unique_ptr<QTemporaryDir> scratch;

    static Result<std::unique_ptr<BenchSetup>> load(const QString& configPath);

    // The same signer and verifier the gateway client uses, for timing each step alone.
    alipay::RequestBuilder requestBuilder() const;
    alipay::ResponseVerifier responseVerifier() const;

    // The gateway's host with another path: the sandbox's customer actions, or a path nobody serves
    // (a bare HTTP exchange on the gateway's connection).
    QUrl urlWithPath(const QString& path) const;
};

} // namespace counterpay::bench
