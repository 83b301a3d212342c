#include "manager/OrderHistoryModel.h"

#include "alipay/ChinaTime.h"
#include "cashier/Look.h"
#include "payment/Till.h"

#include <QBrush>

namespace counterpay::ui {

using store::OrderFilter;
using store::OrderState;

OrderHistoryModel::OrderHistoryModel(payment::Till& till, QObject* parent)
    : QAbstractTableModel(parent)
    , m_till(till)
{
    m_filter.newestFirst = true;
}

void OrderHistoryModel::setFilter(const OrderFilter& filter)
{
    const OrderFilter::SortKey sortBy = m_filter.sortBy;
    const bool descending = m_filter.newestFirst;
    m_filter = filter;
    m_filter.sortBy = sortBy;
    m_filter.newestFirst = descending;
    m_page = 0;
    reload();
}

void OrderHistoryModel::setPage(int page)
{
    m_page = std::clamp(page, 0, std::max(0, pageCount() - 1));
    reload();
}

int OrderHistoryModel::pageCount() const
{
    return int((m_total + kPageSize - 1) / kPageSize);
}

void OrderHistoryModel::reload()
{
    beginResetModel();
    m_error.clear();
    OrderFilter counted = m_filter;
    counted.limit = 0;
    counted.offset = 0;
    auto total = m_till.countOrders(counted);
    m_total = total ? *total : 0;
    if (!total)
        m_error = total.error().message();
    m_page = std::clamp(m_page, 0, std::max(0, pageCount() - 1));
    OrderFilter paged = m_filter;
    paged.limit = kPageSize;
    paged.offset = m_page * kPageSize;
    auto orders = m_till.orders(paged);
    if (orders) {
        m_orders = *orders;
    } else {
        m_orders.clear();
        m_error = orders.error().message();
    }
    endResetModel();
    emit loaded();
}

int OrderHistoryModel::rowOf(const QString& outTradeNo) const
{
    for (int row = 0; row < m_orders.size(); ++row) {
        if (m_orders.at(row).outTradeNo == outTradeNo)
            return row;
    }
    return -1;
}

int OrderHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_orders.size());
}

int OrderHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString OrderHistoryModel::cell(const store::Order& order, int column) const
{
    switch (column) {
    case Time:
        return alipay::ChinaTime::of(order.createdAt).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Amount:
        return QStringLiteral("¥ ") + order.totalAmount.toString();
    case State:
        if (order.refundedAmount.fen() > 0 && order.state == OrderState::PartiallyRefunded)
            return tr("%1 (¥ %2 refunded)")
                .arg(payment::Till::stateLabel(order.state), order.refundedAmount.toString());
        return payment::Till::stateLabel(order.state);
    case Mode:
        return order.mode == store::Order::PayMode::Qr ? tr("QR code") : tr("Payment code");
    case Cashier:
        return order.cashierId;
    case OutTradeNo:
        return order.outTradeNo;
    case TradeNo:
        return order.tradeNo;
    default:
        return QString();
    }
}

QVariant OrderHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_orders.size())
        return {};
    const store::Order& order = m_orders.at(index.row());
    const bool attention = order.state == OrderState::Unknown;
    switch (role) {
    case Qt::DisplayRole:
        return cell(order, index.column());
    case Qt::ToolTipRole:
        return attention ? tr("Needs a manager: %1").arg(order.reason) : QVariant();
    case Qt::BackgroundRole:
        return attention ? QBrush(look::kTrouble.lighter(170)) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == State && (order.state == OrderState::Failed || attention))
            return QBrush(look::kFailed);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Amount)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant OrderHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Amount:
        return tr("Amount");
    case State:
        return tr("State");
    case Mode:
        return tr("Paid by");
    case Cashier:
        return tr("Cashier");
    case OutTradeNo:
        return tr("Order no.");
    case TradeNo:
        return tr("Alipay trade no.");
    default:
        return {};
    }
}

void OrderHistoryModel::sort(int column, Qt::SortOrder order)
{
    using Key = OrderFilter::SortKey;
    switch (column) {
    case Time:
        m_filter.sortBy = Key::CreatedAt;
        break;
    case Amount:
        m_filter.sortBy = Key::Amount;
        break;
    case State:
        m_filter.sortBy = Key::State;
        break;
    case OutTradeNo:
        m_filter.sortBy = Key::OutTradeNo;
        break;
    default:
        return;
    }
    m_filter.newestFirst = order == Qt::DescendingOrder;
    m_page = 0;
    reload();
}

} // namespace counterpay::ui
