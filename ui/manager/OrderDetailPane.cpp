#include "manager/OrderDetailPane.h"

#include "alipay/ChinaTime.h"
#include "cashier/Look.h"
#include "payment/Till.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace counterpay::ui {

using store::OrderState;

namespace {

QString chinaTime(const QDateTime& at)
{
    return at.isValid() ? alipay::ChinaTime::of(at).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QString sourceWords(store::EventSource source)
{
    switch (source) {
    case store::EventSource::Cashier:
        return OrderDetailPane::tr("cashier");
    case store::EventSource::Query:
        return OrderDetailPane::tr("query");
    case store::EventSource::Notify:
        return OrderDetailPane::tr("Alipay's notification");
    case store::EventSource::Cancel:
        return OrderDetailPane::tr("cancel");
    case store::EventSource::Recovery:
        return OrderDetailPane::tr("recovery");
    case store::EventSource::Gateway:
        return OrderDetailPane::tr("Alipay's answer");
    case store::EventSource::Manager:
        return OrderDetailPane::tr("manager");
    }
    return QString();
}

QString refundWords(store::Refund::State state)
{
    switch (state) {
    case store::Refund::State::Requested:
        return OrderDetailPane::tr("asked");
    case store::Refund::State::Done:
        return OrderDetailPane::tr("refunded");
    case store::Refund::State::Failed:
        return OrderDetailPane::tr("refused");
    case store::Refund::State::Unknown:
        return OrderDetailPane::tr("not confirmed");
    }
    return QString();
}

QTreeWidget* table(QWidget* parent, const QStringList& headers, const QString& name)
{
    auto* tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setRootIsDecorated(false);
    tree->setHeaderLabels(headers);
    tree->setAccessibleName(name);
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(true);
    return tree;
}

} // namespace

OrderDetailPane::OrderDetailPane(payment::Till& till, QWidget* parent)
    : QWidget(parent)
    , m_till(till)
{
    setObjectName(QStringLiteral("orderDetail"));
    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("detailHeading"));
    m_heading->setFont(look::sized(font(), 24, true));
    m_attention = new QLabel(this);
    m_attention->setObjectName(QStringLiteral("detailAttention"));
    m_attention->setWordWrap(true);
    m_attention->setStyleSheet(
        QStringLiteral("QLabel { background: %1; padding: 6px; }").arg(look::kTrouble.lighter(170).name()));
    m_facts = new QLabel(this);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setWordWrap(true);
    m_events = table(this, {tr("Time"), tr("Change"), tr("By"), tr("Alipay code"), tr("Note")},
                     QStringLiteral("detailEvents"));
    m_refunds = table(this, {tr("Refund no."), tr("Amount"), tr("Outcome"), tr("Approved by"), tr("Time")},
                      QStringLiteral("detailRefunds"));
    m_queryAgain = new QPushButton(tr("Ask Alipay again"), this);
    m_reprint = new QPushButton(tr("Reprint receipt"), this);
    m_refund = new QPushButton(tr("Refund…"), this);
    m_resolve = new QPushButton(tr("Mark resolved…"), this);
    m_refund->setObjectName(QStringLiteral("refundButton"));
    m_resolve->setObjectName(QStringLiteral("resolveButton"));
    m_queryAgain->setObjectName(QStringLiteral("queryAgainButton"));
    m_reprint->setObjectName(QStringLiteral("reprintButton"));
    connect(m_queryAgain, &QPushButton::clicked, this, [this] { emit queryAgainRequested(m_order); });
    connect(m_reprint, &QPushButton::clicked, this, [this] { emit reprintRequested(m_order); });
    connect(m_refund, &QPushButton::clicked, this, [this] { emit refundRequested(m_order); });
    connect(m_resolve, &QPushButton::clicked, this, [this] { emit resolveRequested(m_order); });

    auto* actions = new QHBoxLayout;
    for (QPushButton* button : {m_refund, m_reprint, m_queryAgain, m_resolve})
        actions->addWidget(button);
    actions->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_attention);
    layout->addWidget(m_facts);
    layout->addLayout(actions);
    layout->addWidget(new QLabel(tr("History"), this));
    layout->addWidget(m_events, 2);
    layout->addWidget(new QLabel(tr("Refunds"), this));
    layout->addWidget(m_refunds, 1);
    clear(tr("Choose an order to see its history."));
}

int OrderDetailPane::eventCount() const
{
    return m_events->topLevelItemCount();
}

int OrderDetailPane::refundCount() const
{
    return m_refunds->topLevelItemCount();
}

void OrderDetailPane::clear(const QString& message)
{
    m_outTradeNo.clear();
    m_order = {};
    m_heading->setText(message);
    m_attention->hide();
    m_facts->clear();
    m_events->clear();
    m_refunds->clear();
    for (QPushButton* button : {m_refund, m_reprint, m_queryAgain, m_resolve})
        button->setEnabled(false);
}

void OrderDetailPane::showOrder(const QString& outTradeNo)
{
    if (outTradeNo.isEmpty())
        return clear(tr("Choose an order to see its history."));
    auto found = m_till.order(outTradeNo);
    if (!found || !*found)
        return clear(found ? tr("There is no order %1.").arg(outTradeNo) : found.error().message());
    m_outTradeNo = outTradeNo;
    m_order = **found;
    const store::Order& order = m_order;
    m_heading->setText(
        QStringLiteral("¥ %1 · %2").arg(order.totalAmount.toString(), payment::Till::stateLabel(order.state)));
    const bool attention = order.state == OrderState::Unknown;
    m_attention->setVisible(attention);
    m_attention->setText(
        tr("Needs a manager: %1").arg(order.reason.isEmpty() ? tr("the outcome was never confirmed") : order.reason));
    QStringList facts{
        tr("Order no.: %1").arg(order.outTradeNo),
        tr("Alipay trade no.: %1").arg(order.tradeNo.isEmpty() ? tr("none yet") : order.tradeNo),
        tr("Created: %1").arg(chinaTime(order.createdAt)),
        tr("Paid by: %1").arg(order.mode == store::Order::PayMode::Qr ? tr("QR code") : tr("Payment code")),
        tr("Terminal: %1 · Cashier: %2").arg(order.terminalId, order.cashierId.isEmpty() ? tr("—") : order.cashierId),
    };
    if (order.paidAt.isValid())
        facts.append(tr("Paid at: %1").arg(chinaTime(order.paidAt)));
    if (!order.buyerLogonId.isEmpty())
        facts.append(tr("Customer: %1").arg(order.buyerLogonId));
    if (order.refundedAmount.fen() > 0)
        facts.append(tr("Refunded: ¥ %1 of ¥ %2").arg(order.refundedAmount.toString(), order.totalAmount.toString()));
    m_facts->setText(facts.join(QLatin1Char('\n')));

    m_events->clear();
    if (auto events = m_till.events(outTradeNo)) {
        for (const store::OrderEvent& event : *events) {
            const QString change = event.from == event.to
                                       ? payment::Till::stateLabel(event.to)
                                       : QStringLiteral("%1 → %2").arg(payment::Till::stateLabel(event.from),
                                                                       payment::Till::stateLabel(event.to));
            const QString code = event.subCode.isEmpty() ? event.code : event.code + QLatin1Char(' ') + event.subCode;
            new QTreeWidgetItem(m_events, {chinaTime(event.at), change, sourceWords(event.source), code, event.note});
        }
    } else {
        new QTreeWidgetItem(m_events, {QString(), events.error().message()});
    }
    m_refunds->clear();
    if (auto refunds = m_till.refunds(outTradeNo)) {
        for (const store::Refund& refund : *refunds)
            new QTreeWidgetItem(m_refunds, {refund.outRequestNo, QStringLiteral("¥ ") + refund.amount.toString(),
                                            refundWords(refund.state), refund.authorisedBy,
                                            chinaTime(refund.doneAt.isValid() ? refund.doneAt : refund.createdAt)});
    } else {
        new QTreeWidgetItem(m_refunds, {refunds.error().message()});
    }

    const bool paid = order.state == OrderState::Paid || order.state == OrderState::PartiallyRefunded;
    m_refund->setEnabled(paid);
    m_reprint->setEnabled(paid || order.state == OrderState::Refunded);
    m_queryAgain->setEnabled(!store::isFinal(order.state));
    m_resolve->setEnabled(attention);
}

} // namespace counterpay::ui
