#include "setup/KeyModePage.h"

#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace counterpay::ui {

KeyModePage::KeyModePage(QWidget* parent)
    : SetupPage(SetupWizard::KeyModePageId, parent)
{
    setObjectName(QStringLiteral("keyModePage"));
    setTitle(tr("How does the app sign?"));
    setSubTitle(tr("As your app is set in Alipay's console, under 开发设置 → 接口加签方式."));
    m_publicKey = new QRadioButton(tr("Public key (公钥): you give Alipay the app's public key, "
                                      "Alipay gives you its public key"),
                                   this);
    m_publicKey->setObjectName(QStringLiteral("setupPublicKeyMode"));
    m_certificate = new QRadioButton(tr("Certificate (公钥证书): three certificate files from Alipay's console"), this);
    m_certificate->setObjectName(QStringLiteral("setupCertificateMode"));
    m_publicKey->setChecked(true);
    body()->addWidget(m_publicKey);
    body()->addWidget(m_certificate);
    body()->addStretch(1);
    setFocusProxy(m_publicKey);
}

void KeyModePage::store(setup::CounterDraft& draft) const
{
    draft.signMode = m_certificate->isChecked() ? config::GatewayConfig::SignMode::Certificate
                                                : config::GatewayConfig::SignMode::PublicKey;
}

} // namespace counterpay::ui
