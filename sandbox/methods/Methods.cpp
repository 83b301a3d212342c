#include "methods/Methods.h"

namespace counterpay::sandbox {

std::vector<std::unique_ptr<MethodHandler>> makeAllMethods()
{
    std::vector<std::unique_ptr<MethodHandler>> methods;
    methods.push_back(makeTradePrecreate());
    methods.push_back(makeTradePay());
    methods.push_back(makeTradeQuery());
    methods.push_back(makeTradeCancel());
    methods.push_back(makeTradeClose());
    methods.push_back(makeTradeRefund());
    methods.push_back(makeTradeRefundQuery());
    methods.push_back(makeBillDownloadUrlQuery());
    return methods;
}

} // namespace counterpay::sandbox
