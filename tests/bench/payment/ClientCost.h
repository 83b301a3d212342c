#pragma once

#include "BenchSetup.h"
#include "Samples.h"

#include <QStringList>

namespace counterpay::bench {

// (a) The client's own cost from the cashier's "charge" to "QR ready", and where it goes.
struct ClientCostReport
{
    Samples total;     // PaymentSession::startQr() to qrReady: the real path, commits included
    Samples roundTrip; // of which the precreate through GatewayClient: sign + HTTP + verify + parse
    Samples store;     // total - roundTrip: the order book's commits and the session's own work

    // Each step alone, interleaved with the orders above so that all see the same machine.
    Samples number;       // OrderStore::nextOutTradeNo (one commit)
    Samples create;       // OrderStore::create (one commit)
    Samples transition;   // OrderStore::transition to AwaitingScan (one commit)
    Samples sign;         // RequestBuilder::build + FormCodec::encode of a precreate
    Samples exchange;     // the signed precreate POSTed and its reply read, bare QNetworkAccessManager
    Samples verify;       // ResponseVerifier::verify + TradePrecreate::parse of that reply
    Samples bareExchange; // GET of a path the gateway does not serve, on the same connection
    Samples gatewayWork;  // exchange - bareExchange, pair by pair: what the gateway spends on a precreate

    // CPU time this process spent (all threads), which does not count waiting for the gateway or for
    // a core other programs hold.
    Samples cpuTotal;    // for one charge -> qrReady
    Samples cpuExchange; // for sign + exchange + verify
    Samples waitTotal;   // for one charge -> qrReady, this process's threads waiting for a core

    int failures = 0;
    QStringList errors; // the first few
};

class ClientCost
{
public:
    ClientCost(BenchSetup& setup, int orders, int warmup);
    ClientCostReport run();

private:
    void chargeOnce(ClientCostReport* report, bool counted);
    void storeOnce(ClientCostReport* report, bool counted);
    void exchangeOnce(ClientCostReport* report, bool counted);
    void noteFailure(ClientCostReport* report, const QString& what);

    BenchSetup& m_setup;
    int m_orders;
    int m_warmup;
    alipay::RequestBuilder m_builder;
    alipay::ResponseVerifier m_verifier;
    QString m_runTag;
    int m_rawSequence = 0;
};

} // namespace counterpay::bench
