#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <array>

using namespace counterpay::cli;

namespace {

constexpr std::array kCommands{
    CommandSpec{"keygen", "keygen --out DIR [--bits 2048]", "make the app's RSA2 key pair", keygen},
    CommandSpec{"sign", "sign --private-key FILE [--content] < params.json", "RSA2-sign a parameter set", sign},
    CommandSpec{"verify-response", "verify-response --alipay-public-key FILE --method METHOD < reply.json",
                "check a gateway reply's signature", verifyResponse},
    CommandSpec{"verify-notify", "verify-notify --alipay-public-key FILE [--app-id ID] < body",
                "check a notification's signature", verifyNotify},
    CommandSpec{"cert-sn", "cert-sn --cert FILE [--root]", "certificate SN (app_cert_sn / alipay_root_cert_sn)",
                certSn},
    CommandSpec{"key", "key protect [--config FILE] [--keychain] [--passphrase-file FILE]",
                "move the plain app private key (and AES key) into the keychain or a passphrase-protected file", key},
    CommandSpec{"precreate", "precreate --amount YUAN [--subject S] [--out-trade-no NO]", "QR code to scan", precreate},
    CommandSpec{"pay", "pay --amount YUAN --auth-code CODE|- [--subject S] [--out-trade-no NO]",
                "charge a scanned payment code", pay},
    CommandSpec{"query", "query --out-trade-no NO", "trade status", query},
    CommandSpec{"cancel", "cancel --out-trade-no NO", "cancel (closes, or refunds if paid)", cancel},
    CommandSpec{"close", "close --out-trade-no NO", "close an unpaid trade", close},
    CommandSpec{"trade-refund", "trade-refund --out-trade-no NO --refund-amount YUAN --out-request-no NO",
                "the raw alipay.trade.refund call (the order book is not told)", tradeRefund},
    CommandSpec{"refund-query", "refund-query --out-trade-no NO --out-request-no NO", "was that refund done?",
                refundQuery},
    CommandSpec{"bill-url", "bill-url --bill-date yyyy-MM-dd", "download URL of the day's trade bill", billUrl},
    CommandSpec{"charge", "charge --amount YUAN [--subject S] [--auth-code CODE|-] [--timeout SECONDS]",
                "a whole payment: QR (or payment code) until paid, closed or refunded", charge},
    CommandSpec{"orders", "orders [--date yyyy-MM-dd] [--state STATE] [--format json|csv]", "the order book", orders},
    CommandSpec{"report", "report [--date yyyy-MM-dd] [--app-id ID] [--format text|json|csv]",
                "a business day's totals from the order book: paid, not paid, refunds, net, by hour", dayReport},
    CommandSpec{"close-day", "close-day [--date yyyy-MM-dd] [--manager NAME [--pin-file F]]",
                "close a business day (日结): no more payments on it; a manager approves when the book has people",
                closeDay},
    CommandSpec{"recover", "recover", "settle every order and refund left unresolved", recover},
    CommandSpec{"refund",
                "refund --out-trade-no NO --amount YUAN [--reason TEXT] [--manager NAME [--pin-file F]] [--by NAME]",
                "refund a paid order, recorded in the order book (partial or full); a manager approves when the book "
                "has people",
                refund},
    CommandSpec{"reconcile", "reconcile [--date yyyy-MM-dd] [--format text|json]",
                "the order book against Alipay's trade bill of a day (exit 9 when they differ)", reconcile},
    CommandSpec{"people",
                "people list [--format text|json] | add NAME --role cashier|manager [--manager M] | remove NAME "
                "--manager M | set-pin NAME [--manager M]  (PINs: the terminal, or --pin-file F)",
                "the people who work the counter and their PINs", people},
    CommandSpec{"doctor", "doctor [--config FILE]",
                "check the config, keys, certificates and order book, and ask the gateway whether it takes them "
                "(exit 3 key mismatch, 5 network, 7 config)",
                doctor},
    CommandSpec{"backup", "backup [--to DIR] | backup --list [--format text|json]",
                "copy the order book while it is in use (prints the copy's path); --list shows the copies", backupBook},
    CommandSpec{"restore", "restore --from FILE",
                "bring the order book back from a backup (checked first; the book as it was is kept aside and "
                "its path printed); refused while a payment is under way",
                restoreBook},
};

QString usage()
{
    QString text = QStringLiteral(
        "counterpay-cli — CounterPay's command line for Alipay Face-to-Face payment (当面付)\n\n"
        "usage: counterpay-cli [--config FILE] [--passphrase-file FILE] [--verbose] COMMAND [options]\n\n"
        "Gateway commands need --config FILE (an INI file such as the one `counterpay-sandbox init` writes).\n"
        "A passphrase-protected app private key is opened with the first line of --passphrase-file FILE, else\n"
        "the terminal asks for it (never on the command line).\n"
        "Data is printed as JSON on stdout with Alipay's field names; messages go to stderr.\n"
        "`counterpay-cli COMMAND --help` lists a command's options.\n\ncommands:\n");
    for (const CommandSpec& spec : kCommands)
        text += QStringLiteral("  %1\n      %2\n").arg(QLatin1String(spec.synopsis), QLatin1String(spec.summary));
    text += QStringLiteral("\nexit codes: 0 ok, 2 usage or input, 3 security (bad signature, key mismatch), 4 "
                           "business refusal,\n            5 network or gateway, 6 unknown outcome (query again), 7 "
                           "config, 8 storage,\n            9 reconcile found differences, 10 not authorised (wrong "
                           "PIN, locked, not a manager)\n");
    return text;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // The same names as the desktop app, so both find the same order book.
    QCoreApplication::setApplicationName(QStringLiteral("counterpay"));
    QCoreApplication::setOrganizationName(QStringLiteral("CounterPay"));

    Invocation invocation;
    bool verbose = false;
    const QStringList args = QCoreApplication::arguments().mid(1);
    QString command;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (command.isEmpty() && (arg == u"--config" || arg == u"-c")) {
            if (i + 1 >= args.size())
                return report(counterpay::Error::input(QStringLiteral("--config needs a FILE")));
            invocation.configPath = args[++i];
        } else if (command.isEmpty() && arg.startsWith(QStringLiteral("--config="))) {
            invocation.configPath = arg.mid(9);
        } else if (command.isEmpty() && arg == u"--passphrase-file") {
            if (i + 1 >= args.size())
                return report(counterpay::Error::input(QStringLiteral("--passphrase-file needs a FILE")));
            invocation.passphraseFile = args[++i];
        } else if (command.isEmpty() && arg.startsWith(QStringLiteral("--passphrase-file="))) {
            invocation.passphraseFile = arg.mid(18);
        } else if (command.isEmpty() && (arg == u"--passphrase" || arg.startsWith(QStringLiteral("--passphrase=")))) {
            // Other users see a command line (ps, /proc, the shell's history): a secret never goes there.
            return report(counterpay::Error::input(
                QStringLiteral("a passphrase is never given on the command line; use --passphrase-file FILE")));
        } else if (command.isEmpty() && (arg == u"--verbose" || arg == u"-v")) {
            verbose = true;
        } else if (command.isEmpty() && (arg == u"--help" || arg == u"-h" || arg == u"help")) {
            Console::printLine(usage().toUtf8());
            return Ok;
        } else if (command.isEmpty()) {
            command = arg;
            invocation.arguments.append(arg);
        } else {
            invocation.arguments.append(arg);
        }
    }
    // Warnings always reach stderr; the request-by-request trace only with --verbose.
    if (!verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("counterpay.*.debug=false\ncounterpay.*.info=false"));
    if (command.isEmpty()) {
        Console::message(usage());
        return Usage;
    }
    for (const CommandSpec& spec : kCommands) {
        if (command == QLatin1String(spec.name))
            return spec.run(invocation);
    }
    Console::message(QStringLiteral("unknown command \"%1\"; run counterpay-cli --help").arg(command));
    return Usage;
}
