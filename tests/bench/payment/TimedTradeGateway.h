#pragma once

#include "Samples.h"

#include "payment/TradeGateway.h"

namespace counterpay::bench {

// Passes every call to the real gateway and notes how long the last precreate took from the call to
// its verified answer (sign + HTTP + verify + parse), so a PaymentSession's "charge to QR ready" can
// be split into the gateway round trip and everything else (the order book's commits).
class TimedTradeGateway final : public payment::TradeGateway
{
public:
    explicit TimedTradeGateway(payment::TradeGateway& inner)
        : m_inner(inner)
    {}

    // Set just before the session sees the answer, so it is current in the session's qrReady.
    double lastPrecreateMs() const { return m_lastPrecreateMs; }

    void precreate(const alipay::TradePrecreate& call, Reply<alipay::TradePrecreate::Response> done) override
    {
        const SteadyClock::time_point start = SteadyClock::now();
        m_inner.precreate(call, [this, start, done = std::move(done)](Result<alipay::TradePrecreate::Response> answer) {
            m_lastPrecreateMs = millisecondsBetween(start, SteadyClock::now());
            done(std::move(answer));
        });
    }
    void pay(const alipay::TradePay& call, Reply<alipay::TradePay::Response> done) override
    {
        m_inner.pay(call, std::move(done));
    }
    void query(const alipay::TradeQuery& call, Reply<alipay::TradeQuery::Response> done) override
    {
        m_inner.query(call, std::move(done));
    }
    void cancel(const alipay::TradeCancel& call, Reply<alipay::TradeCancel::Response> done) override
    {
        m_inner.cancel(call, std::move(done));
    }
    void refund(const alipay::TradeRefund& call, Reply<alipay::TradeRefund::Response> done) override
    {
        m_inner.refund(call, std::move(done));
    }
    void refundQuery(const alipay::TradeRefundQuery& call, Reply<alipay::TradeRefundQuery::Response> done) override
    {
        m_inner.refundQuery(call, std::move(done));
    }

private:
    payment::TradeGateway& m_inner;
    double m_lastPrecreateMs = 0;
};

} // namespace counterpay::bench
