#pragma once

#include "store/Order.h"
#include "store/OrderStore.h"

#include <QAbstractTableModel>
#include <QList>

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

// One page of the order history: the orders a filter selects, a page at a time, sorted by the book
// (OrderFilter's sort key and direction), so a million orders cost what one page costs. Orders the
// outcome of which is not confirmed stand out with the reason.
class OrderHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Amount,
        State,
        Mode,
        Cashier,
        OutTradeNo,
        TradeNo,
        ColumnCount,
    };
    static constexpr int kPageSize = 50;

    explicit OrderHistoryModel(payment::Till& till, QObject* parent = nullptr);

    // Selects the orders to show and goes to the first page. The filter's limit and offset are the
    // model's.
    void setFilter(const store::OrderFilter& filter);
    const store::OrderFilter& filter() const { return m_filter; }
    // Reads the current page again (after an order changed).
    void reload();
    void setPage(int page);
    int page() const { return m_page; }
    int pageCount() const;
    qint64 totalCount() const { return m_total; }
    // Why the last read failed, else empty.
    const QString& error() const { return m_error; }
    const store::Order& orderAt(int row) const { return m_orders.at(row); }
    int rowOf(const QString& outTradeNo) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Sorting asks the book for the order; the columns without a sort key keep the current one.
    void sort(int column, Qt::SortOrder order) override;

signals:
    void loaded();

private:
    QString cell(const store::Order& order, int column) const;

    payment::Till& m_till;
    store::OrderFilter m_filter;
    QList<store::Order> m_orders;
    qint64 m_total = 0;
    int m_page = 0;
    QString m_error;
};

} // namespace counterpay::ui
