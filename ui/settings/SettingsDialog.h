#pragma once

#include "common/Result.h"
#include "manager/ManagerApproval.h"
#include "vault/PassphrasePrompt.h"

#include <QDialog>
#include <QList>

#include <optional>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace counterpay {
class IniFile;
}
namespace counterpay::config {
struct GatewayConfig;
} // namespace counterpay::config
namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

class SettingsPage;

// Everything in the counter's INI file, a page per section, behind a manager's PIN. Saving edits the
// file through IniFile (comments and line order kept, only changed lines touched), loads the
// result beside it first (a bad value is refused with the file untouched), checks a changed gateway or
// key with Alipay, then replaces the file atomically and reloads the till. Nothing is saved while a
// payment is live.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(payment::Till& till, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    // Whether the settings may be opened now: not while a payment is live, and only with a manager's
    // approval (asked here). The error says why not, for the person at the counter.
    static Result<void> mayOpen(payment::Till& till, const ManagerApproval& approval, QWidget* parent);
    // mayOpen, then the dialog (modal); a refusal shows as a message. Whether the settings were saved.
    static bool openFor(payment::Till& till, const ManagerApproval& approval, QWidget* parent);

    // Asks for the passphrase of an encrypted app private key when [gateway] changed: the candidate's gateway
    // opens it once, and the till is reloaded with that gateway. The app's dialog (PassphraseDialog) unless set.
    void setPassphrasePrompt(vault::PassphrasePrompt prompt) { m_prompt = std::move(prompt); }

    const QList<SettingsPage*>& pages() const { return m_pages; }
    void showPage(int index);
    // What the last save said (an error, or that it is saved).
    QString message() const;
    // Saves: validates, checks a changed gateway with Alipay (asynchronously), replaces the file and
    // reloads the till; then saved() and the dialog closes. A refusal stays in message().
    void save();

signals:
    void saved();
    // A save attempt ended (saved or refused): for tests and the busy state.
    void saveFinished(bool ok);

private:
    Result<QByteArray> candidateText() const;
    Result<std::optional<config::GatewayConfig>> validate(const QString& candidatePath, bool gatewayChanged) const;
    void checkWithGateway(const config::GatewayConfig& gateway, const QByteArray& text);
    // Replaces the file with `text` and reloads the till with `gateway` (its keys open already).
    void commit(const QByteArray& text, const config::GatewayConfig& gateway);
    void refuse(const QString& message);
    void setBusy(bool busy);

    payment::Till& m_till;
    QString m_path;
    QList<SettingsPage*> m_pages;
    QListWidget* m_sections = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_save = nullptr;
    QCheckBox* m_saveUnchecked = nullptr;
    vault::PassphrasePrompt m_prompt;
};

} // namespace counterpay::ui
