#pragma once

#include "vault/PassphrasePrompt.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace counterpay::gui {

// What the app does when it finds no configuration (and no --demo): the start screen offers the demo or
// the setup wizard; a wizard cancelled goes back to the start screen.
struct FirstRun
{
    enum class Next
    {
        Demo,
        Counter, // the counter the wizard just wrote: configPath, and its key's passphrase (if any)
        Quit,
    };
    Next next = Next::Quit;
    QString configPath;
    QByteArray passphrase;

    // `folder`: where the wizard writes the counter (the user's config folder, where the app looks).
    // `stopped`: the app is asked to end (a shutdown): no dialog opens again.
    static FirstRun ask(const QString& folder, const std::function<bool()>& stopped);
};

// The passphrase the setup was just given, once, for the key it protected; then `otherwise` (the
// dialog) as ever. The person is not asked right after choosing it.
vault::PassphrasePrompt knownFirst(const QByteArray& passphrase, vault::PassphrasePrompt otherwise);

} // namespace counterpay::gui
