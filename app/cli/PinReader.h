#pragma once

#include "common/Result.h"

#include <QByteArrayList>
#include <QCoreApplication>
#include <QString>

namespace counterpay::cli {

// Where the CLI gets a PIN: the terminal with echo off (the prompt on stderr), or --pin-file FILE,
// one PIN a line in the order the command asks for them ("-" is standard input). Never the command
// line, which `ps` and the shell's history show to others.
class PinReader
{
    Q_DECLARE_TR_FUNCTIONS(PinReader)

public:
    // `pinFile` empty: the terminal.
    explicit PinReader(QString pinFile = {});

    // The next PIN. `prompt` is what the terminal shows.
    Result<QString> read(const QString& prompt);
    // A new PIN: on a terminal asked twice, and both must agree (nobody sees a typo there).
    Result<QString> readNew(const QString& prompt, const QString& againPrompt);

    bool fromTerminal() const { return m_file.isEmpty(); }

private:
    Result<QString> nextLine();
    static Result<QString> askTerminal(const QString& prompt);

    QString m_file;
    bool m_loaded = false;
    QByteArrayList m_lines;
    qsizetype m_next = 0;
};

} // namespace counterpay::cli
