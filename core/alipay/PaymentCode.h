#pragma once

#include <QStringView>

namespace counterpay::alipay {

// Whose payment code a scanned code is, by its prefix: the cashier needs to hear "this is a WeChat
// code" before anything is sent, not a refusal from Alipay afterwards.
enum class PaymentCodeIssuer
{
    Alipay,   // 16–24 digits starting 25..30 (TradeFields::isAuthCode)
    WeChat,   // 18 digits starting 10..15
    UnionPay, // 19 digits starting 62
    Unknown,
};

PaymentCodeIssuer paymentCodeIssuer(QStringView code);

} // namespace counterpay::alipay
