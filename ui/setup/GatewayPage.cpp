#include "setup/GatewayPage.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace counterpay::ui {

const QUrl GatewayPage::kProduction(QStringLiteral("https://openapi.alipay.com/gateway.do"));
const QUrl GatewayPage::kAlipaySandbox(QStringLiteral("https://openapi-sandbox.dl.alipaydev.com/gateway.do"));

GatewayPage::GatewayPage(QWidget* parent)
    : SetupPage(SetupWizard::GatewayPageId, parent)
{
    setObjectName(QStringLiteral("gatewayPage"));
    setTitle(tr("Which Alipay?"));
    setSubTitle(tr("The gateway this counter pays through, and your app's id from Alipay's console (开放平台)."));
    m_production = new QRadioButton(tr("Alipay: real payments"), this);
    m_production->setObjectName(QStringLiteral("setupProduction"));
    m_sandbox = new QRadioButton(tr("Alipay's sandbox (沙箱): no real money"), this);
    m_sandbox->setObjectName(QStringLiteral("setupSandbox"));
    m_custom = new QRadioButton(tr("Another gateway:"), this);
    m_custom->setObjectName(QStringLiteral("setupCustom"));
    auto* group = new QButtonGroup(this);
    for (QRadioButton* button : {m_production, m_sandbox, m_custom})
        group->addButton(button);
    m_production->setChecked(true);
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("setupUrl"));
    m_url->setAccessibleName(tr("Gateway address"));
    m_url->setPlaceholderText(QStringLiteral("https://…/gateway.do"));
    m_url->setEnabled(false);
    m_appId = new QLineEdit(this);
    m_appId->setObjectName(QStringLiteral("setupAppId"));
    m_appId->setAccessibleName(tr("App id (APPID)"));
    m_appId->setPlaceholderText(QStringLiteral("2021000000000000"));
    m_appId->setInputMethodHints(Qt::ImhDigitsOnly);

    body()->addWidget(m_production);
    body()->addWidget(m_sandbox);
    auto* custom = new QHBoxLayout;
    custom->addWidget(m_custom);
    custom->addWidget(m_url, 1);
    body()->addLayout(custom);
    body()->addSpacing(16);
    auto* form = new QFormLayout;
    form->addRow(tr("App id (APPID)"), m_appId);
    body()->addLayout(form);
    body()->addStretch(1);

    connect(m_custom, &QRadioButton::toggled, m_url, [this](bool on) {
        m_url->setEnabled(on);
        if (on)
            m_url->setFocus();
        emit completeChanged();
    });
    connect(m_url, &QLineEdit::textChanged, this, &GatewayPage::completeChanged);
    connect(m_appId, &QLineEdit::textChanged, this, &GatewayPage::completeChanged);
    setFocusProxy(m_appId);
}

bool GatewayPage::isComplete() const
{
    return !m_appId->text().trimmed().isEmpty() && (!m_custom->isChecked() || !m_url->text().trimmed().isEmpty());
}

void GatewayPage::store(setup::CounterDraft& draft) const
{
    draft.gatewayUrl = m_production->isChecked() ? kProduction
                       : m_sandbox->isChecked()  ? kAlipaySandbox
                                                 : QUrl(m_url->text().trimmed());
    draft.appId = m_appId->text().trimmed();
}

} // namespace counterpay::ui
