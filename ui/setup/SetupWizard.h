#pragma once

#include "setup/CounterDraft.h"
#include "vault/KeyProtection.h"

#include <QByteArray>
#include <QWizard>

#include <optional>

namespace counterpay::ui {

class SetupPage;

// The first-run setup (issue 10): gateway, app id, key mode, the app's key pair, Alipay's key or
// certificates, the store and terminal, the first manager, where the key is kept, then a live check with
// the gateway. Every page is checked as it is left with CounterDraft's own words; nothing is saved
// before the draft checks and the gateway accepts the keys (or, only when the gateway could not be
// reached, the person says to save anyway). Then the counter is written into `folder`, its key
// protected, and the wizard accepts: configPath() and passphrase() start the app with it.
class SetupWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId
    {
        GatewayPageId,
        KeyModePageId,
        AppKeyPageId,
        AlipayKeyPageId,
        CertificatesPageId,
        CounterPageId,
        ManagerPageId,
        KeyStoragePageId,
        LiveCheckPageId,
    };

    explicit SetupWizard(const QString& folder, QWidget* parent = nullptr);

    setup::CounterDraft& draft() { return m_draft; }
    const setup::CounterDraft& draft() const { return m_draft; }
    const QString& folder() const { return m_folder; }

    // Whether the system keychain answers; asked once (it can take a moment without one). Tests set it.
    bool keychainAvailable();
    void setKeychainAvailable(bool available) { m_keychain = available; }

    // Where the key will be kept, as the key storage page says.
    vault::KeyProtection::Method keyMethod() const { return m_method; }
    void setKeyMethod(vault::KeyProtection::Method method, const QByteArray& passphrase);

    // The draft's first problem when it concerns a page up to `page` (a later page's fields may still be
    // empty): the words CounterDraft::check says, else nothing.
    std::optional<QString> problemUpTo(PageId page) const;

    // Writes the counter (CounterDraft::write), then protects its key. The error says what went wrong;
    // a counter written but not protected is reported so, with its path.
    Result<QString> save();

    // After accept(): the new counter's counterpay.ini, and the passphrase of its key file (empty with
    // the keychain), so the app opens it without asking again.
    const QString& configPath() const { return m_configPath; }
    const QByteArray& passphrase() const { return m_passphrase; }

    SetupPage* setupPage(PageId id) const;

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    QString m_folder;
    setup::CounterDraft m_draft;
    std::optional<bool> m_keychain;
    vault::KeyProtection::Method m_method = vault::KeyProtection::Method::EncryptedFile;
    QByteArray m_passphrase;
    QString m_configPath;
};

} // namespace counterpay::ui
