#pragma once

#include "alipay/Params.h"
#include "alipay/PublicKey.h"
#include "common/Result.h"
#include "money/Money.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace counterpay::notify {

// An asynchronous notification (异步通知) whose signature and app id have been checked. Whether the
// order exists and the amount is ours is for the caller, who knows the orders (DESIGN.md §3).
struct Notification
{
    alipay::Params params; // every parameter as received, decoded once
    QString appId;
    QString outTradeNo;
    QString tradeNo;
    QString tradeStatus;
    Money totalAmount;
    std::optional<Money> receiptAmount; // what the merchant actually received, when sent
    QString notifyId;
    QString notifyTime;
    QString notifyType;
    QString buyerId; // buyer_id, or buyer_open_id for apps that receive open ids
    QString sellerId;
    QString gmtCreate;
    QString gmtPayment;

    // Only TRADE_SUCCESS and TRADE_FINISHED mean paid; WAIT_BUYER_PAY and TRADE_CLOSED do not.
    bool meansPaid() const;
};

class NotifyVerifier
{
    Q_DECLARE_TR_FUNCTIONS(NotifyVerifier)

public:
    NotifyVerifier(alipay::PublicKey alipayPublicKey, QString appId);

    // `body` is the raw application/x-www-form-urlencoded POST body. A body that is not one clean form,
    // or lacks out_trade_no, trade_status or a valid total_amount, is an Input error; a missing or bad
    // signature, a sign_type other than RSA2, or another app's id is a Security error.
    Result<Notification> verify(QByteArrayView body) const;

private:
    alipay::PublicKey m_alipayPublicKey;
    QString m_appId;
};

} // namespace counterpay::notify
