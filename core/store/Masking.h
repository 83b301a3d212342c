#pragma once

#include <QString>

namespace counterpay::store {

// Masked forms of the customer identifiers Alipay hands us (DESIGN.md §7): enough for a manager to
// recognise a customer on the phone, never enough to reuse. Masking an already masked value keeps it.
class Masking
{
public:
    // 2088102146225135 -> 2088****5135
    static QString buyerUserId(const QString& userId);
    // Alipay masks buyer_logon_id itself (159****5620, abc***@163.com); an unmasked one is masked here.
    static QString buyerLogonId(const QString& logonId);
    // A payment code must never be stored or logged in full: 286123456789012345 -> 28****2345
    // (alipay::TradeFields::maskAuthCode).
    static QString authCode(const QString& authCode);
};

} // namespace counterpay::store
