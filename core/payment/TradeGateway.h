#pragma once

#include "alipay/api/TradeCancel.h"
#include "alipay/api/TradePay.h"
#include "alipay/api/TradePrecreate.h"
#include "alipay/api/TradeQuery.h"
#include "alipay/api/TradeRefund.h"
#include "alipay/api/TradeRefundQuery.h"
#include "common/Result.h"

#include <functional>

namespace counterpay::alipay {
class GatewayClient;
}

namespace counterpay::payment {

// The calls a payment and a refund need, asynchronously. PaymentSession talks to this seam: the real one
// goes through GatewayClient; tests script answers without a network.
class TradeGateway
{
public:
    template <typename T>
    using Reply = std::function<void(Result<T>)>;

    virtual ~TradeGateway() = default;
    virtual void precreate(const alipay::TradePrecreate& call, Reply<alipay::TradePrecreate::Response> done) = 0;
    virtual void pay(const alipay::TradePay& call, Reply<alipay::TradePay::Response> done) = 0;
    virtual void query(const alipay::TradeQuery& call, Reply<alipay::TradeQuery::Response> done) = 0;
    virtual void cancel(const alipay::TradeCancel& call, Reply<alipay::TradeCancel::Response> done) = 0;
    virtual void refund(const alipay::TradeRefund& call, Reply<alipay::TradeRefund::Response> done) = 0;
    virtual void refundQuery(const alipay::TradeRefundQuery& call, Reply<alipay::TradeRefundQuery::Response> done) = 0;
};

class AlipayTradeGateway final : public TradeGateway
{
public:
    explicit AlipayTradeGateway(alipay::GatewayClient& client)
        : m_client(client)
    {}

    void precreate(const alipay::TradePrecreate& call, Reply<alipay::TradePrecreate::Response> done) override;
    void pay(const alipay::TradePay& call, Reply<alipay::TradePay::Response> done) override;
    void query(const alipay::TradeQuery& call, Reply<alipay::TradeQuery::Response> done) override;
    void cancel(const alipay::TradeCancel& call, Reply<alipay::TradeCancel::Response> done) override;
    void refund(const alipay::TradeRefund& call, Reply<alipay::TradeRefund::Response> done) override;
    void refundQuery(const alipay::TradeRefundQuery& call, Reply<alipay::TradeRefundQuery::Response> done) override;

private:
    alipay::GatewayClient& m_client;
};

} // namespace counterpay::payment
