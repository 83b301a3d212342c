#pragma once

#include "common/Result.h"
#include "vault/PassphrasePrompt.h"

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;

namespace counterpay::ui {

// Asked at start when the app private key is kept in a passphrase-protected file: a masked field, the key
// file named, and "wrong passphrase, try again" until the key opens or the person cancels. The passphrase
// is never shown, logged or kept after the dialog closes.
class PassphraseDialog : public QDialog
{
    Q_OBJECT

public:
    // Opens the key with a passphrase: ok, or why not (the dialog stays open either way but ok).
    using Check = std::function<Result<void>(const QByteArray& passphrase)>;

    // Why the key is opened, said in the dialog's first line.
    enum class Purpose
    {
        OpenCounter,   // at start
        CheckSettings, // a changed [gateway] is checked before it is saved
    };

    PassphraseDialog(const QString& keyFile, Check check, Purpose purpose = Purpose::OpenCounter,
                     QWidget* parent = nullptr);
    ~PassphraseDialog() override;

    // The passphrase that opened the key, once accept()ed.
    QByteArray passphrase() const { return m_passphrase; }
    void setPassphrase(const QString& passphrase);
    QString message() const;
    // Checks what is typed; accepts the dialog when it opens the key.
    bool tryUnlock();

    // The desktop app's prompt: this dialog, checked against the encrypted key file itself. Cancel is a
    // Config error: at start it says the app stops without the key, in settings that nothing was saved.
    static vault::PassphrasePrompt prompt(QWidget* parent = nullptr, Purpose purpose = Purpose::OpenCounter);

private:
    Check m_check;
    QByteArray m_passphrase;
    QLineEdit* m_field = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace counterpay::ui
