#include "gui/FirstRun.h"

#include "setup/FirstRunDialog.h"
#include "setup/SetupWizard.h"

#include <memory>

namespace counterpay::gui {

FirstRun FirstRun::ask(const QString& folder, const std::function<bool()>& stopped)
{
    while (!stopped()) {
        ui::FirstRunDialog start;
        if (start.exec() != QDialog::Accepted || start.choice() == ui::FirstRunDialog::Choice::Quit || stopped())
            return {};
        if (start.choice() == ui::FirstRunDialog::Choice::Demo)
            return {Next::Demo, {}, {}};
        ui::SetupWizard wizard(folder);
        if (wizard.exec() == QDialog::Accepted)
            return {Next::Counter, wizard.configPath(), wizard.passphrase()};
    }
    return {};
}

vault::PassphrasePrompt knownFirst(const QByteArray& passphrase, vault::PassphrasePrompt otherwise)
{
    if (passphrase.isEmpty())
        return otherwise;
    auto known = std::make_shared<QByteArray>(passphrase);
    return [known, otherwise = std::move(otherwise)](const QString& keyFile) -> Result<QByteArray> {
        if (!known->isEmpty()) {
            QByteArray given;
            given.swap(*known);
            return given;
        }
        if (!otherwise)
            return Error::config(QStringLiteral("no passphrase for %1").arg(keyFile));
        return otherwise(keyFile);
    };
}

} // namespace counterpay::gui
