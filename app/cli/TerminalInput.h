#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace counterpay::cli {

// A secret typed on the controlling terminal (/dev/tty, so it works with stdin redirected), echo off and the
// prompt on stderr; the echo comes back even when Ctrl-C ends the program at the prompt.
class TerminalInput
{
public:
    // No terminal: an Input error with `noTerminalMessage`.
    static Result<QByteArray> readHidden(const QString& prompt, const QString& noTerminalMessage);
};

} // namespace counterpay::cli
