#include "receipt/Receipt.h"

#include "alipay/ChinaTime.h"
#include "config/CounterSettings.h"
#include "store/Order.h"
#include "store/Refund.h"

#include <QCoreApplication>

namespace counterpay::receipt {

Q_LOGGING_CATEGORY(lcReceipt, "counterpay.receipt")

namespace {

QString nonEmpty(const QString& first, const QString& second)
{
    return !first.isEmpty() ? first : second;
}

// Who and where: the order's own terminal and cashier (the ones that took the money), this counter's
// when the order does not say.
Receipt common(const store::Order& order, const config::CounterSettings& settings)
{
    Receipt receipt;
    receipt.storeTitle = settings.subject;
    receipt.storeId = settings.payment.storeId;
    receipt.terminalId = nonEmpty(order.terminalId, settings.payment.terminalId);
    receipt.cashierId = nonEmpty(order.cashierId, settings.payment.cashierId);
    receipt.amount = order.totalAmount;
    receipt.outTradeNo = order.outTradeNo;
    receipt.tradeNo = order.tradeNo;
    receipt.buyer = nonEmpty(order.buyerLogonId, order.buyerUserIdMasked);
    receipt.orderState = order.state;
    receipt.refundedTotal = order.refundedAmount;
    return receipt;
}

QDateTime chinaTime(const QDateTime& first, const QDateTime& second)
{
    return alipay::ChinaTime::of(first.isValid() ? first : second);
}

} // namespace

Result<Receipt> Receipt::forPayment(const store::Order& order, const config::CounterSettings& settings)
{
    using store::OrderState;
    if (order.state != OrderState::Paid && order.state != OrderState::PartiallyRefunded &&
        order.state != OrderState::Refunded)
        return Error::input(tr("order %1 was not paid, so it has no receipt").arg(order.outTradeNo));
    Receipt receipt = common(order, settings);
    receipt.kind = Kind::Payment;
    receipt.time = chinaTime(order.paidAt, order.updatedAt);
    return receipt;
}

Result<Receipt> Receipt::forRefund(const store::Order& order, const store::Refund& refund,
                                   const config::CounterSettings& settings)
{
    if (refund.outTradeNo != order.outTradeNo)
        return Error::input(tr("refund %1 is not a refund of order %2").arg(refund.outRequestNo, order.outTradeNo));
    if (refund.state != store::Refund::State::Done)
        return Error::input(tr("refund %1 is not done, so it has no receipt").arg(refund.outRequestNo));
    Receipt receipt = common(order, settings);
    receipt.kind = Kind::Refund;
    receipt.time = chinaTime(refund.doneAt, refund.createdAt);
    receipt.refundAmount = refund.amount;
    receipt.outRequestNo = refund.outRequestNo;
    receipt.authorisedBy = refund.authorisedBy;
    // An order read before the refund finished does not count it yet.
    receipt.refundedTotal = std::max(order.refundedAmount, refund.amount);
    return receipt;
}

Receipt Receipt::reprinted() const
{
    Receipt copy = *this;
    copy.reprint = true;
    return copy;
}

QString Receipt::heading() const
{
    return kind == Kind::Payment ? QStringLiteral("收款凭证") : QStringLiteral("退款凭证");
}

QString Receipt::reprintMarker() const
{
    return reprint ? QStringLiteral("【重打印】") : QString();
}

QList<QList<ReceiptField>> Receipt::fields() const
{
    QList<ReceiptField> who;
    if (!storeId.isEmpty())
        who.append({QStringLiteral("门店"), storeId});
    who.append({QStringLiteral("终端"), terminalId});
    if (!cashierId.isEmpty())
        who.append({QStringLiteral("收银员"), cashierId});
    if (kind == Kind::Refund && !authorisedBy.isEmpty())
        who.append({QStringLiteral("授权人"), authorisedBy});
    who.append({QStringLiteral("时间"), time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))});

    QList<ReceiptField> money;
    if (kind == Kind::Payment) {
        money.append({QStringLiteral("金额"), yuan(amount), true});
    } else {
        money.append({QStringLiteral("退款金额"), yuan(refundAmount), true});
    }

    QList<ReceiptField> trade;
    if (kind == Kind::Refund)
        trade.append({QStringLiteral("订单金额"), yuan(amount)});
    if (kind == Kind::Refund || !refundedTotal.isZero())
        trade.append({QStringLiteral("累计退款"), yuan(refundedTotal)});
    trade.append({QStringLiteral("商户订单号"), outTradeNo});
    trade.append({QStringLiteral("支付宝交易号"), tradeNo});
    if (kind == Kind::Refund)
        trade.append({QStringLiteral("退款单号"), outRequestNo});
    if (!buyer.isEmpty())
        trade.append({QStringLiteral("付款账号"), buyer});
    trade.append({QStringLiteral("状态"), kind == Kind::Payment ? stateWords(orderState) : QStringLiteral("退款成功")});
    return {who, money, trade};
}

QString Receipt::stateWords(store::OrderState state)
{
    using store::OrderState;
    switch (state) {
    case OrderState::Paid:
        return QStringLiteral("支付成功");
    case OrderState::PartiallyRefunded:
        return QStringLiteral("支付成功，部分退款");
    case OrderState::Refunded:
        return QStringLiteral("已全额退款");
    case OrderState::Closed:
        return QStringLiteral("未支付，订单已关闭");
    case OrderState::Failed:
        return QStringLiteral("支付失败");
    case OrderState::Unknown:
        return QStringLiteral("结果未确认");
    case OrderState::Created:
    case OrderState::AwaitingScan:
    case OrderState::AwaitingPayment:
    case OrderState::Cancelling:
        return QStringLiteral("等待付款");
    }
    return QString();
}

QString Receipt::yuan(Money amount)
{
    return u'¥' + amount.toString();
}

} // namespace counterpay::receipt
