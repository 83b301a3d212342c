#include "setup/CounterPage.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QVBoxLayout>

namespace counterpay::ui {

CounterPage::CounterPage(QWidget* parent)
    : SetupPage(SetupWizard::CounterPageId, parent)
{
    setObjectName(QStringLiteral("counterPage"));
    setTitle(tr("The store and this counter"));
    setSubTitle(tr("Customers see the store's title in Alipay; the terminal id starts every order number here."));
    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("setupStoreTitle"));
    m_title->setAccessibleName(tr("Store title"));
    m_title->setPlaceholderText(QStringLiteral("门店消费"));
    m_terminal = new QLineEdit(QStringLiteral("T1"), this);
    m_terminal->setObjectName(QStringLiteral("setupTerminalId"));
    m_terminal->setAccessibleName(tr("Terminal id"));
    m_terminal->setToolTip(tr("1 to 32 letters, digits or '_'"));
    auto* form = new QFormLayout;
    form->addRow(tr("Store title"), m_title);
    form->addRow(tr("Terminal id"), m_terminal);
    body()->addLayout(form);
    body()->addStretch(1);
    setFocusProxy(m_title);
}

void CounterPage::store(setup::CounterDraft& draft) const
{
    draft.storeTitle = m_title->text().trimmed();
    draft.terminalId = m_terminal->text().trimmed();
}

} // namespace counterpay::ui
