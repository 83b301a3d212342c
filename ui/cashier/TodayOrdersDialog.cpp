#include "cashier/TodayOrdersDialog.h"

#include "alipay/ChinaTime.h"
#include "cashier/Look.h"
#include "payment/Till.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace counterpay::ui {

TodayOrdersDialog::TodayOrdersDialog(payment::Till& till, QWidget* parent)
    : QDialog(parent)
    , m_till(till)
{
    setObjectName(QStringLiteral("todayOrders"));
    setWindowTitle(tr("Today's orders"));
    m_summary = new QLabel(this);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("ordersTable"));
    m_table->setColumnCount(6);
    m_table->setHorizontalHeaderLabels(
        {tr("Time"), tr("Amount"), tr("State"), tr("Paid by"), tr("Order no."), tr("Alipay trade no.")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAccessibleName(tr("Today's orders"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    // Read at arm's length, like the rest of the counter: larger than a desktop table.
    setFont(look::sized(font(), 18));
    m_summary->setFont(look::sized(font(), 20, true));
    resize(parent ? parent->size() * 9 / 10 : QSize(1000, 600));
    load();
    connect(&m_till, &payment::Till::orderChanged, this, &TodayOrdersDialog::load);
}

int TodayOrdersDialog::rowCount() const
{
    return m_table->rowCount();
}

void TodayOrdersDialog::load()
{
    store::OrderFilter filter;
    filter.businessDay = alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
    filter.newestFirst = true;
    auto orders = m_till.orders(filter);
    if (!orders) {
        m_summary->setText(orders.error().message());
        return;
    }
    m_table->setRowCount(static_cast<int>(orders->size()));
    qint64 paidFen = 0;
    int paidCount = 0;
    for (int row = 0; row < orders->size(); ++row) {
        const store::Order& order = orders->at(row);
        const bool attention = order.state == store::OrderState::Unknown;
        if (order.state == store::OrderState::Paid || order.state == store::OrderState::PartiallyRefunded) {
            paidFen += order.totalAmount.fen() - order.refundedAmount.fen();
            ++paidCount;
        }
        const QStringList cells{
            alipay::ChinaTime::of(order.createdAt).toString(QStringLiteral("HH:mm:ss")),
            QStringLiteral("¥ ") + order.totalAmount.toString(),
            payment::Till::stateLabel(order.state),
            order.mode == store::Order::PayMode::Qr ? tr("QR code") : tr("Payment code"),
            order.outTradeNo,
            order.tradeNo,
        };
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column == 1)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (attention) {
                item->setBackground(look::kTrouble);
                item->setToolTip(order.reason);
            }
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_summary->setText(tr("%n order(s) today; %1 paid, ¥ %2 received", nullptr, static_cast<int>(orders->size()))
                           .arg(paidCount)
                           .arg(Money::fromFen(paidFen).toString()));
}

} // namespace counterpay::ui
