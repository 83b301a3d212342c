#include "setup/AppKeyPage.h"

#include "alipay/PrivateKey.h"
#include "cashier/Look.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

AppKeyPage::AppKeyPage(QWidget* parent)
    : SetupPage(SetupWizard::AppKeyPageId, parent)
{
    setObjectName(QStringLiteral("appKeyPage"));
    setTitle(tr("The app's key pair"));
    setSubTitle(tr("Make a new key pair here, or import the private key Alipay's key tool made (应用私钥)."));
    auto* generate = new QPushButton(tr("Make a new key pair"), this);
    generate->setObjectName(QStringLiteral("setupGenerate"));
    auto* import = new QPushButton(tr("Import a private key file…"), this);
    import->setObjectName(QStringLiteral("setupImport"));
    for (QPushButton* button : {generate, import}) {
        button->setAutoDefault(false);
        button->setMinimumHeight(48);
    }
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(generate);
    buttons->addWidget(import);
    buttons->addStretch(1);
    m_origin = new QLabel(this);
    m_origin->setWordWrap(true);
    m_publicKey = new QPlainTextEdit(this);
    m_publicKey->setObjectName(QStringLiteral("setupAppPublicKey"));
    m_publicKey->setAccessibleName(tr("The app's public key (应用公钥)"));
    m_publicKey->setReadOnly(true);
    m_publicKey->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_publicKey->setWordWrapMode(QTextOption::WrapAnywhere);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPixelSize(15);
    m_publicKey->setFont(mono);
    // Six lines hold a 2048-bit key's line at this width; the rest of the page stays for the words.
    m_publicKey->setMaximumHeight(QFontMetrics(mono).lineSpacing() * 7 + 16);
    m_copy = new QPushButton(tr("Copy the public key"), this);
    m_copy->setObjectName(QStringLiteral("setupCopy"));
    m_copy->setAutoDefault(false);
    m_copy->setMinimumHeight(48);
    m_copy->setFont(look::sized(font(), 19, true));
    m_copied = new QLabel(this);
    auto* copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copy);
    copyRow->addWidget(m_copied, 1);
    for (QWidget* shown : std::initializer_list<QWidget*>{m_origin, m_publicKey, m_copy})
        shown->setVisible(false);

    body()->addLayout(buttons);
    body()->addWidget(m_origin);
    body()->addWidget(m_publicKey, 1);
    body()->addLayout(copyRow);
    body()->addStretch(1);

    connect(generate, &QPushButton::clicked, this, [this] {
        if (auto made = this->generate(); !made)
            showProblem(made.error().message());
    });
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("The app's private key"), QString(),
                                                          tr("Keys (*.pem *.txt *.key);;All files (*)"));
        if (path.isEmpty())
            return;
        if (auto imported = importFile(path); !imported)
            showProblem(imported.error().message());
    });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(publicKeyText());
        m_copied->setText(tr("✓ Copied: paste it into Alipay's console as the app's public key (应用公钥)."));
    });
    setFocusProxy(generate);
}

Result<void> AppKeyPage::generate()
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto key = alipay::PrivateKey::generate(2048);
    QApplication::restoreOverrideCursor();
    if (!key)
        return key.error();
    m_pem = key->toPkcs8Pem();
    show(*key, tr("A new key pair, made on this computer. Its private key never leaves it. Give Alipay the "
                  "public key below: in Alipay's console, 开发设置 → 接口加签方式 → 公钥, paste it as 应用公钥."));
    return {};
}

Result<void> AppKeyPage::importFile(const QString& path)
{
    auto key = alipay::PrivateKey::fromFile(path);
    if (!key)
        return key.error();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(tr("Cannot read %1.").arg(QDir::toNativeSeparators(path)));
    m_pem = file.readAll();
    show(*key, tr("Imported from %1. Alipay must hold this public key (应用公钥) for the app.")
                   .arg(QDir::toNativeSeparators(path)));
    return {};
}

void AppKeyPage::show(const alipay::PrivateKey& key, const QString& origin)
{
    showProblem({});
    m_origin->setText(origin);
    m_publicKey->setPlainText(QString::fromLatin1(key.publicKey().toBase64Line()));
    m_copied->clear();
    for (QWidget* shown : std::initializer_list<QWidget*>{m_origin, m_publicKey, m_copy})
        shown->setVisible(true);
    m_copy->setFocus();
    emit completeChanged();
}

QString AppKeyPage::publicKeyText() const
{
    return m_publicKey->toPlainText();
}

bool AppKeyPage::isComplete() const
{
    return !m_pem.isEmpty();
}

int AppKeyPage::nextId() const
{
    return setupWizard() && setupWizard()->draft().signMode == config::GatewayConfig::SignMode::Certificate
               ? SetupWizard::CertificatesPageId
               : SetupWizard::AlipayKeyPageId;
}

void AppKeyPage::store(setup::CounterDraft& draft) const
{
    draft.appPrivateKeyPem = m_pem;
}

std::optional<QString> AppKeyPage::ownProblem() const
{
    if (m_pem.isEmpty())
        return tr("Make a key pair or import one.");
    return std::nullopt;
}

} // namespace counterpay::ui
