#include "setup/AlipayKeyPage.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

AlipayKeyPage::AlipayKeyPage(QWidget* parent)
    : SetupPage(SetupWizard::AlipayKeyPageId, parent)
{
    setObjectName(QStringLiteral("alipayKeyPage"));
    setTitle(tr("Alipay's public key"));
    setSubTitle(tr("Paste the key Alipay's console shows as 支付宝公钥 here, not the app's own."));
    m_key = new QPlainTextEdit(this);
    m_key->setObjectName(QStringLiteral("setupAlipayKey"));
    m_key->setAccessibleName(tr("Alipay's public key (支付宝公钥)"));
    m_key->setPlaceholderText(tr("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA… (paste it here)"));
    m_key->setTabChangesFocus(true);
    m_key->setWordWrapMode(QTextOption::WrapAnywhere);
    auto* file = new QPushButton(tr("From a file…"), this);
    file->setObjectName(QStringLiteral("setupAlipayKeyFile"));
    file->setAutoDefault(false);
    auto* row = new QHBoxLayout;
    row->addWidget(file);
    row->addStretch(1);
    body()->addWidget(m_key, 1);
    body()->addLayout(row);
    connect(m_key, &QPlainTextEdit::textChanged, this, &AlipayKeyPage::completeChanged);
    connect(file, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Alipay's public key"), QString(),
                                                          tr("Keys (*.pem *.txt *.crt);;All files (*)"));
        if (path.isEmpty())
            return;
        QFile chosen(path);
        if (!chosen.open(QIODevice::ReadOnly) || chosen.size() > qint64{64} * 1024) {
            showProblem(tr("Cannot read %1.").arg(path));
            return;
        }
        setKeyText(QString::fromUtf8(chosen.readAll()));
    });
    setFocusProxy(m_key);
}

void AlipayKeyPage::setKeyText(const QString& text)
{
    m_key->setPlainText(text);
}

bool AlipayKeyPage::isComplete() const
{
    return !m_key->toPlainText().trimmed().isEmpty();
}

void AlipayKeyPage::store(setup::CounterDraft& draft) const
{
    draft.alipayPublicKeyText = m_key->toPlainText().trimmed().toUtf8();
}

} // namespace counterpay::ui
