#include "setup/ManagerPage.h"

#include "staff/PinField.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QVBoxLayout>

namespace counterpay::ui {

ManagerPage::ManagerPage(QWidget* parent)
    : SetupPage(SetupWizard::ManagerPageId, parent)
{
    setObjectName(QStringLiteral("managerPage"));
    setTitle(tr("The first manager"));
    setSubTitle(tr("A manager's PIN approves refunds, the settings and the day's close. More people can be "
                   "added later."));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("setupManagerName"));
    m_name->setAccessibleName(tr("Manager's name"));
    m_pin = new PinField(this);
    m_pin->setObjectName(QStringLiteral("setupManagerPin"));
    m_pin->setAccessibleName(tr("PIN"));
    m_again = new PinField(this);
    m_again->setObjectName(QStringLiteral("setupManagerPinAgain"));
    m_again->setAccessibleName(tr("PIN again"));
    auto* form = new QFormLayout;
    form->addRow(tr("Manager's name"), m_name);
    form->addRow(tr("PIN"), m_pin);
    form->addRow(tr("PIN again"), m_again);
    body()->addLayout(form);
    body()->addStretch(1);
    setFocusProxy(m_name);
}

void ManagerPage::store(setup::CounterDraft& draft) const
{
    draft.managerName = m_name->text().trimmed();
    draft.managerPin = m_pin->text();
}

std::optional<QString> ManagerPage::ownProblem() const
{
    if (m_pin->text() != m_again->text())
        return tr("The two PINs differ: type the same PIN twice.");
    return std::nullopt;
}

} // namespace counterpay::ui
