#pragma once

#include <QString>
#include <QStringList>

namespace counterpay::cli {

// What a sub-command receives: the --config path given before it (if any) and its own arguments
// (arguments[0] is the command name, as QCommandLineParser expects a program name there).
struct Invocation
{
    QString configPath;
    QStringList arguments;
    // The global --passphrase-file: opens an encrypted app private key (empty: the terminal asks).
    QString passphraseFile;
};

using CommandFunction = int (*)(const Invocation&);

struct CommandSpec
{
    const char* name;
    const char* synopsis;
    const char* summary;
    CommandFunction run;
};

// Key and signature tools: no gateway, no config.
int keygen(const Invocation& invocation);
int sign(const Invocation& invocation);
int verifyResponse(const Invocation& invocation);
int verifyNotify(const Invocation& invocation);
int certSn(const Invocation& invocation);
// Keys at rest: `key protect` moves the plain app private key to the keychain or a passphrase-protected file.
int key(const Invocation& invocation);

// One gateway call each, with the config's gateway, app id and keys.
int precreate(const Invocation& invocation);
int pay(const Invocation& invocation);
int query(const Invocation& invocation);
int cancel(const Invocation& invocation);
int close(const Invocation& invocation);
int tradeRefund(const Invocation& invocation);
int refundQuery(const Invocation& invocation);
int billUrl(const Invocation& invocation);

// Whole payments with the order book: every order reaches a final state.
int charge(const Invocation& invocation);
int orders(const Invocation& invocation);
int recover(const Invocation& invocation);
int refund(const Invocation& invocation);
// The order book against Alipay's trade bill of a day.
int reconcile(const Invocation& invocation);
// The people who work the counter and their PINs (list, add, remove, set-pin).
int people(const Invocation& invocation);
// A business day's totals from the order book alone.
int dayReport(const Invocation& invocation);
// Closes a business day: its figures kept as they stood, no more payments on it.
int closeDay(const Invocation& invocation);
// Checks a counter's configuration, order book and keys, and asks Alipay's gateway whether it takes them.
int doctor(const Invocation& invocation);
// Copies of the order book: make one (or list them), bring one back.
int backupBook(const Invocation& invocation);
int restoreBook(const Invocation& invocation);

} // namespace counterpay::cli
