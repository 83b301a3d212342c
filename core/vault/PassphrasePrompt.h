#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace counterpay::vault {

// Asks a person for the passphrase that opens `keyFile` (the GUI: a dialog; the CLI: the terminal with echo
// off, or --passphrase-file). An error when none can be given (cancelled, no terminal).
using PassphrasePrompt = std::function<Result<QByteArray>(const QString& keyFile)>;

} // namespace counterpay::vault
