#include "unlock/PassphraseDialog.h"

#include "vault/EncryptedKeyFile.h"
#include "vault/KeySource.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

PassphraseDialog::PassphraseDialog(const QString& keyFile, Check check, Purpose purpose, QWidget* parent)
    : QDialog(parent)
    , m_check(std::move(check))
{
    setObjectName(QStringLiteral("passphraseDialog"));
    setWindowTitle(tr("Unlock the app private key"));
    // Wide enough for the key file's whole path on one line: a path is not broken at its slashes.
    setMinimumWidth(720);
    auto* layout = new QVBoxLayout(this);
    const QString why = purpose == Purpose::OpenCounter
                            ? tr("The app private key is protected by a passphrase. Type it to open the counter.")
                            : tr("The app private key is protected by a passphrase. Type it to check the new "
                                 "gateway settings with Alipay before they are saved.");
    auto* intro = new QLabel(why + QLatin1Char('\n') + tr("Key file: %1").arg(keyFile), this);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(intro);

    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("passphrase"));
    m_field->setEchoMode(QLineEdit::Password);
    m_field->setPlaceholderText(tr("Passphrase"));
    layout->addWidget(m_field);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("passphraseMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_message->hide();
    layout->addWidget(m_message);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Unlock"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PassphraseDialog::tryUnlock);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

PassphraseDialog::~PassphraseDialog()
{
    m_passphrase.fill('\0');
}

void PassphraseDialog::setPassphrase(const QString& passphrase)
{
    m_field->setText(passphrase);
}

QString PassphraseDialog::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

bool PassphraseDialog::tryUnlock()
{
    QByteArray typed = m_field->text().toUtf8();
    m_field->clear();
    const Result<void> opened =
        typed.isEmpty() ? Result<void>(Error::input(tr("Type the passphrase first."))) : m_check(typed);
    if (!opened) {
        typed.fill('\0');
        m_message->setText(vault::EncryptedKeyFile::isWrongPassphrase(opened.error())
                               ? tr("Wrong passphrase, try again.")
                               : opened.error().message());
        m_message->show();
        m_field->setFocus();
        return false;
    }
    m_passphrase = typed;
    typed.fill('\0');
    accept();
    return true;
}

vault::PassphrasePrompt PassphraseDialog::prompt(QWidget* parent, Purpose purpose)
{
    return [parent, purpose](const QString& keyFile) -> Result<QByteArray> {
        PassphraseDialog dialog(
            keyFile,
            [keyFile](const QByteArray& passphrase) { return vault::KeySource::tryPassphrase(keyFile, passphrase); },
            purpose, parent);
        if (dialog.exec() == QDialog::Accepted)
            return dialog.passphrase();
        if (purpose == Purpose::CheckSettings)
            return Error::config(tr("No passphrase was given, so the new gateway settings were not checked and "
                                    "nothing was saved."));
        return Error::config(tr("No passphrase was given, so the app private key stays locked and CounterPay "
                                "stops. Start it again and type the passphrase chosen when the key was protected "
                                "(counterpay-cli key protect)."));
    };
}

} // namespace counterpay::ui
