#include "staff/PinDialog.h"

#include "cashier/Look.h"
#include "payment/Till.h"
#include "people/PeopleStore.h"
#include "staff/PinField.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

PinDialog::PinDialog(payment::Till& till, const QString& what, const QString& preferred, QWidget* parent)
    : QDialog(parent)
    , m_till(till)
{
    setObjectName(QStringLiteral("pinDialog"));
    setWindowTitle(tr("A manager's approval"));
    setFont(look::sized(font(), 18));
    auto* heading = new QLabel(what, this);
    heading->setWordWrap(true);
    heading->setFont(look::sized(font(), 20, true));
    m_name = new QComboBox(this);
    m_name->setObjectName(QStringLiteral("pinName"));
    m_name->setAccessibleName(tr("Manager"));
    if (auto people = m_till.people().list()) {
        for (const people::Person& person : *people) {
            if (person.role == people::Person::Role::Manager)
                m_name->addItem(person.name);
        }
    }
    if (const int at = m_name->findText(preferred); at >= 0)
        m_name->setCurrentIndex(at);
    m_pin = new PinField(this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("pinMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: %1").arg(look::kFailed.name()));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Approve"));
    connect(buttons, &QDialogButtonBox::accepted, this, &PinDialog::tryApprove);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout;
    form->addRow(tr("Manager"), m_name);
    form->addRow(tr("PIN"), m_pin);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    if (m_name->count() == 0)
        m_message->setText(tr("Nobody here is a manager yet: add one with counterpay-cli people add."));
    m_pin->setFocus();
}

void PinDialog::setName(const QString& name)
{
    m_name->setCurrentIndex(m_name->findText(name));
}

void PinDialog::setPin(const QString& pin)
{
    m_pin->setText(pin);
}

QString PinDialog::message() const
{
    return m_message->text();
}

bool PinDialog::tryApprove()
{
    const QString pin = m_pin->text();
    m_pin->clear();
    if (pin.isEmpty()) {
        m_message->setText(tr("Type the manager's PIN, then Enter."));
        m_pin->setFocus();
        return false;
    }
    if (m_name->currentIndex() < 0) {
        m_message->setText(tr("Choose the manager who approves."));
        return false;
    }
    auto approved = m_till.people().authoriseManager(m_name->currentText(), pin);
    if (!approved) {
        m_message->setText(approved.error().message());
        m_pin->setFocus();
        return false;
    }
    m_manager = approved->name;
    accept();
    return true;
}

QString PinDialog::singleUserName()
{
    // Kept in the book as the approver: the same in every language, and the same name the CLI records
    // in a single-user shop.
    return qEnvironmentVariable("USER", QStringLiteral("counterpay"));
}

ManagerApproval PinDialog::approvalFor(payment::Till& till, std::function<QString()> current)
{
    return [&till, current = std::move(current)](QWidget* parent, const QString& what) -> std::optional<QString> {
        auto nobody = till.people().isEmpty();
        if (nobody && *nobody)
            return singleUserName();
        PinDialog dialog(till, what, current ? current() : QString(), parent);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.manager();
    };
}

} // namespace counterpay::ui
