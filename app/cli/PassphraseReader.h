#pragma once

#include "common/Result.h"
#include "vault/PassphrasePrompt.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace counterpay::cli {

// Where the CLI gets the passphrase of an encrypted app private key: the terminal with echo off (the
// prompt on stderr), or --passphrase-file FILE (its first line; "-" is standard input), for services and
// scripts. Never the command line, which `ps` and the shell's history show to others.
class PassphraseReader
{
    Q_DECLARE_TR_FUNCTIONS(PassphraseReader)

public:
    // `passphraseFile` empty: the terminal.
    explicit PassphraseReader(QString passphraseFile = {});

    // The passphrase that opens `keyFile`.
    Result<QByteArray> read(const QString& keyFile) const;
    // A new passphrase: on a terminal asked twice, and both must agree (nobody sees a typo there).
    Result<QByteArray> readNew(const QString& keyFile) const;

    // For GatewayConfig::load and Till::load.
    vault::PassphrasePrompt prompt() const;

private:
    Result<QByteArray> fromFile() const;

    QString m_file;
};

} // namespace counterpay::cli
