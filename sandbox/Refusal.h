#pragma once

#include "common/Error.h"

namespace counterpay::sandbox {

// Alipay's business refusals (code 40004) as the sandbox answers them. The sub_msg texts are
// Alipay's own, so a client's message mapping can be tested against them.
struct Refusal
{
    const char* subCode;
    const char* subMsg;

    // A Business error carrying code 40004, this sub_code, and the sub_msg as its message.
    Error toError() const;
};

namespace refusals {
inline constexpr Refusal kTradeNotExist{"ACQ.TRADE_NOT_EXIST", "交易不存在"};
inline constexpr Refusal kTradeHasSuccess{"ACQ.TRADE_HAS_SUCCESS", "交易已被支付"};
inline constexpr Refusal kTradeHasClose{"ACQ.TRADE_HAS_CLOSE", "交易已经关闭"};
inline constexpr Refusal kTradeHasFinished{"ACQ.TRADE_HAS_FINISHED", "交易已结束"};
inline constexpr Refusal kContextInconsistent{"ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改"};
inline constexpr Refusal kTradeStatusError{"ACQ.TRADE_STATUS_ERROR", "交易状态不合法"};
inline constexpr Refusal kInvalidParameter{"ACQ.INVALID_PARAMETER", "参数无效"};
inline constexpr Refusal kBuyerBalanceNotEnough{"ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足"};
inline constexpr Refusal kAuthCodeInvalid{
    "ACQ.PAYMENT_AUTH_CODE_INVALID",
    "支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款，如再次收款失败，请联系管理员处理。"};
inline constexpr Refusal kRefundAmountTooLarge{"ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"};
inline constexpr Refusal kDiscordantRepeatRequest{"ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致"};
inline constexpr Refusal kCancelTimeOut{"ACQ.TRADE_CANCEL_TIME_OUT", "超过撤销时间范围"};
inline constexpr Refusal kQrCodeExpired{"ACQ.QR_CODE_EXPIRED", "二维码已过期"};
inline constexpr Refusal kBillNotExist{"isp.bill_not_exist", "账单不存在"};
} // namespace refusals

} // namespace counterpay::sandbox
