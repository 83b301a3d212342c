#include "payment/TradeGateway.h"

#include "alipay/GatewayClient.h"

namespace counterpay::payment {

void AlipayTradeGateway::precreate(const alipay::TradePrecreate& call, Reply<alipay::TradePrecreate::Response> done)
{
    m_client.call(call, std::move(done));
}

void AlipayTradeGateway::pay(const alipay::TradePay& call, Reply<alipay::TradePay::Response> done)
{
    m_client.call(call, std::move(done));
}

void AlipayTradeGateway::query(const alipay::TradeQuery& call, Reply<alipay::TradeQuery::Response> done)
{
    m_client.call(call, std::move(done));
}

void AlipayTradeGateway::cancel(const alipay::TradeCancel& call, Reply<alipay::TradeCancel::Response> done)
{
    m_client.call(call, std::move(done));
}

void AlipayTradeGateway::refund(const alipay::TradeRefund& call, Reply<alipay::TradeRefund::Response> done)
{
    m_client.call(call, std::move(done));
}

void AlipayTradeGateway::refundQuery(const alipay::TradeRefundQuery& call,
                                     Reply<alipay::TradeRefundQuery::Response> done)
{
    m_client.call(call, std::move(done));
}

} // namespace counterpay::payment
