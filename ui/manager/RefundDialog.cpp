#include "manager/RefundDialog.h"

#include "cashier/Look.h"
#include "payment/Till.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace counterpay::ui {

RefundDialog::RefundDialog(payment::Till& till, const store::Order& order, ManagerApproval approval, QWidget* parent)
    : QDialog(parent)
    , m_till(till)
    , m_order(order)
    , m_approval(std::move(approval))
{
    setObjectName(QStringLiteral("refundDialog"));
    setWindowTitle(tr("Refund %1").arg(order.outTradeNo));
    setFont(look::sized(font(), 18));
    m_facts = new QLabel(this);
    showFacts();
    m_amount = new QLineEdit(left().toString(), this);
    m_amount->setObjectName(QStringLiteral("refundAmount"));
    m_amount->setAccessibleName(tr("Amount to refund"));
    m_amount->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,9}(\\.[0-9]{0,2})?")), m_amount));
    m_amount->setFont(look::sized(font(), 28, true));
    m_amount->selectAll();
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("refundReason"));
    m_reason->setPlaceholderText(tr("e.g. goods returned"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("refundMessage"));
    m_message->setWordWrap(true);

    m_buttons = new QDialogButtonBox(this);
    m_go = m_buttons->addButton(tr("Refund (manager's PIN)"), QDialogButtonBox::AcceptRole);
    m_go->setObjectName(QStringLiteral("refundGo"));
    m_print = m_buttons->addButton(tr("Print refund receipt"), QDialogButtonBox::ActionRole);
    m_print->setObjectName(QStringLiteral("refundPrint"));
    m_print->setEnabled(false);
    m_buttons->addButton(QDialogButtonBox::Close);
    connect(m_go, &QPushButton::clicked, this, &RefundDialog::submit);
    connect(m_print, &QPushButton::clicked, this, [this] {
        if (m_refund && m_refund->state == store::Refund::State::Done)
            emit printRequested(*m_refund, m_order);
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_till, &payment::Till::refundFinished, this, &RefundDialog::finished);

    auto* form = new QFormLayout;
    form->addRow(tr("Amount (¥)"), m_amount);
    form->addRow(tr("Reason"), m_reason);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_facts);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    m_go->setDefault(true);
}

void RefundDialog::showFacts()
{
    m_facts->setText(tr("Paid ¥ %1 · refunded so far ¥ %2 · left ¥ %3")
                         .arg(m_order.totalAmount.toString(), m_order.refundedAmount.toString(), left().toString()));
}

Money RefundDialog::left() const
{
    return m_order.totalAmount.checkedSub(m_order.refundedAmount).value_or(Money());
}

void RefundDialog::setAmountText(const QString& text)
{
    m_amount->setText(text);
}

void RefundDialog::setReason(const QString& text)
{
    m_reason->setText(text);
}

QString RefundDialog::message() const
{
    return m_message->text();
}

bool RefundDialog::submit()
{
    if (!m_outRequestNo.isEmpty())
        return false; // one refund per dialog: its answer is awaited or shown
    auto amount = Money::parse(m_amount->text().trimmed());
    if (!amount) {
        m_message->setText(amount.error().message());
        return false;
    }
    if (*amount > left()) {
        m_message->setText(tr("Only ¥ %1 is left to refund on this order.").arg(left().toString()));
        return false;
    }
    const auto manager = m_approval(this, tr("Refund ¥ %1 of order %2").arg(amount->toString(), m_order.outTradeNo));
    if (!manager) {
        m_message->setText(tr("Not refunded: a manager's approval is needed."));
        return false;
    }
    auto started = m_till.startRefund(m_order.outTradeNo, *amount, *manager, m_reason->text().trimmed());
    if (!started) {
        m_message->setText(started.error().message());
        return false;
    }
    m_outRequestNo = started->outRequestNo;
    m_go->setEnabled(false);
    m_amount->setEnabled(false);
    m_reason->setEnabled(false);
    m_message->setText(tr("Refund %1 recorded; asking Alipay…").arg(m_outRequestNo));
    return true;
}

void RefundDialog::finished(const store::Refund& refund, const store::Order& order, const QString& why)
{
    if (refund.outRequestNo != m_outRequestNo)
        return;
    m_refund = refund;
    m_order = order;
    showFacts();
    switch (refund.state) {
    case store::Refund::State::Done:
        m_message->setText(tr("Refunded ¥ %1 (%2). The money goes back the way it was paid.")
                               .arg(refund.amount.toString(), refund.outRequestNo));
        m_print->setEnabled(true);
        m_print->setDefault(true);
        m_print->setFocus();
        break;
    case store::Refund::State::Failed:
        m_message->setText(tr("Alipay refused the refund: %1").arg(why));
        break;
    default:
        m_message->setText(tr("The refund's outcome is not confirmed yet: %1. It is asked again at the next start; "
                              "do not refund this order another way.")
                               .arg(why));
        break;
    }
}

} // namespace counterpay::ui
