#pragma once

#include "methods/MethodHandler.h"

#include <memory>
#include <vector>

namespace counterpay::sandbox {

// The gateway methods of face-to-face payment (DESIGN.md §4), one handler each.
std::unique_ptr<MethodHandler> makeTradePrecreate();
std::unique_ptr<MethodHandler> makeTradePay();
std::unique_ptr<MethodHandler> makeTradeQuery();
std::unique_ptr<MethodHandler> makeTradeCancel();
std::unique_ptr<MethodHandler> makeTradeClose();
std::unique_ptr<MethodHandler> makeTradeRefund();
std::unique_ptr<MethodHandler> makeTradeRefundQuery();
std::unique_ptr<MethodHandler> makeBillDownloadUrlQuery();

std::vector<std::unique_ptr<MethodHandler>> makeAllMethods();

} // namespace counterpay::sandbox
