#include "setup/KeyStoragePage.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace counterpay::ui {

KeyStoragePage::KeyStoragePage(QWidget* parent)
    : SetupPage(SetupWizard::KeyStoragePageId, parent)
{
    setObjectName(QStringLiteral("keyStoragePage"));
    setTitle(tr("Keeping the private key"));
    setSubTitle(tr("Whoever has the app's private key can take payments as your store: it is never kept in "
                   "plain text."));
    m_keychain = new QRadioButton(tr("In this computer's keychain (opens with your login)"), this);
    m_keychain->setObjectName(QStringLiteral("setupKeychain"));
    m_keychainNote = new QLabel(this);
    m_keychainNote->setWordWrap(true);
    m_file = new QRadioButton(tr("In a file locked with a passphrase (asked when the app starts)"), this);
    m_file->setObjectName(QStringLiteral("setupEncryptedFile"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_keychain);
    group->addButton(m_file);
    m_file->setChecked(true);
    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("setupPassphrase"));
    m_passphrase->setAccessibleName(tr("Passphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_again = new QLineEdit(this);
    m_again->setObjectName(QStringLiteral("setupPassphraseAgain"));
    m_again->setAccessibleName(tr("Passphrase again"));
    m_again->setEchoMode(QLineEdit::Password);
    auto* form = new QFormLayout;
    form->addRow(tr("Passphrase"), m_passphrase);
    form->addRow(tr("Passphrase again"), m_again);
    body()->addWidget(m_keychain);
    body()->addWidget(m_keychainNote);
    body()->addWidget(m_file);
    body()->addLayout(form);
    body()->addStretch(1);
    connect(m_file, &QRadioButton::toggled, this, [this](bool on) {
        m_passphrase->setEnabled(on);
        m_again->setEnabled(on);
        emit completeChanged();
    });
    connect(m_passphrase, &QLineEdit::textChanged, this, &KeyStoragePage::completeChanged);
    connect(m_again, &QLineEdit::textChanged, this, &KeyStoragePage::completeChanged);
}

void KeyStoragePage::initializePage()
{
    const bool available = setupWizard()->keychainAvailable();
    m_keychain->setEnabled(available);
    m_keychainNote->setText(available ? QString()
                                      : tr("No keychain answers on this computer (GNOME Keyring or KWallet): the "
                                           "key goes into a file locked with a passphrase."));
    m_keychainNote->setVisible(!available);
    if (available)
        m_keychain->setChecked(true);
    else
        m_file->setChecked(true);
    setFocusProxy(available ? static_cast<QWidget*>(m_keychain) : m_passphrase);
}

bool KeyStoragePage::isComplete() const
{
    return m_keychain->isChecked() || !m_passphrase->text().isEmpty();
}

void KeyStoragePage::store(setup::CounterDraft&) const
{
    if (m_keychain->isChecked())
        setupWizard()->setKeyMethod(vault::KeyProtection::Method::Keychain, {});
    else
        setupWizard()->setKeyMethod(vault::KeyProtection::Method::EncryptedFile, m_passphrase->text().toUtf8());
}

std::optional<QString> KeyStoragePage::ownProblem() const
{
    if (m_keychain->isChecked())
        return std::nullopt;
    if (m_passphrase->text().size() < kMinimumPassphrase)
        return tr("The passphrase needs at least %1 characters.").arg(kMinimumPassphrase);
    if (m_passphrase->text() != m_again->text())
        return tr("The two passphrases differ: type the same passphrase twice.");
    return std::nullopt;
}

} // namespace counterpay::ui
