#pragma once

#include "methods/MethodHandler.h"
#include "money/Money.h"

#include <QJsonArray>

#include <optional>

namespace counterpay::sandbox::support {

// A Business error (40004 + sub_code) as its node; anything else (a storage failure) as 20000.
ResponseNode refusal(const Error& error);
// 40004 ACQ.INVALID_PARAMETER with what is wrong.
ResponseNode invalidParameter(const QString& detail);

// The trade named by trade_no (preferred, as at Alipay) or out_trade_no. A trade whose QR has not
// been scanned does not exist yet: ACQ.TRADE_NOT_EXIST.
Result<Trade> existingTrade(CallContext& context);
// The same, precreated trades included.
Result<std::optional<Trade>> anyTrade(CallContext& context);

// An amount to charge or refund; nullopt when absent or malformed.
std::optional<Money> chargeAmount(const QString& text);
// timeout_express: "90m", "2h", "1d" (1m .. 15d), or "1c" (end of today, UTC+8).
std::optional<QDateTime> expiryFrom(const QString& express, const QDateTime& start, qint64 defaultSeconds);

// [{"amount":"12.34","fund_channel":"ALIPAYACCOUNT"}]
QJsonArray fundBillList(Money amount);
bool wantsOption(const CallContext& context, const QString& option);
QString time(const QDateTime& instant);

} // namespace counterpay::sandbox::support
