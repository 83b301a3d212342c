#include "setup/SetupPage.h"

#include "cashier/Look.h"

#include <QLabel>
#include <QVBoxLayout>

namespace counterpay::ui {

SetupPage::SetupPage(SetupWizard::PageId id, QWidget* parent)
    : QWizardPage(parent)
    , m_id(id)
{
    auto* layout = new QVBoxLayout(this);
    m_body = new QVBoxLayout;
    layout->addLayout(m_body, 1);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("setupProblem"));
    m_problem->setWordWrap(true);
    m_problem->setFont(look::sized(font(), 18, true));
    m_problem->setStyleSheet(QStringLiteral("color: %1").arg(look::kFailed.name()));
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_problem);
}

QString SetupPage::problem() const
{
    return m_problem->text();
}

void SetupPage::showProblem(const QString& text)
{
    // Words and a sign, never colour alone (UI.md).
    m_problem->setText(text.isEmpty() ? QString() : QStringLiteral("✗ ") + asSentence(text));
}

QString SetupPage::asSentence(const QString& message)
{
    if (message.isEmpty() || !message.front().isLower())
        return message;
    return message.front().toUpper() + message.mid(1);
}

SetupWizard* SetupPage::setupWizard() const
{
    return qobject_cast<SetupWizard*>(wizard());
}

bool SetupPage::validatePage()
{
    if (auto own = ownProblem()) {
        showProblem(*own);
        return false;
    }
    store(setupWizard()->draft());
    if (auto found = setupWizard()->problemUpTo(m_id)) {
        showProblem(*found);
        return false;
    }
    showProblem({});
    return true;
}

} // namespace counterpay::ui
