#include "cli/PassphraseReader.h"

#include "cli/Console.h"
#include "cli/TerminalInput.h"

#include <QFile>
#include <QFileInfo>

namespace counterpay::cli {

namespace {

// A passphrase that cannot be had stops the command as a configuration problem (exit 7): the key is
// there, only its passphrase is missing.
Error unavailable(const QString& message)
{
    return Error::config(message);
}

} // namespace

PassphraseReader::PassphraseReader(QString passphraseFile)
    : m_file(std::move(passphraseFile))
{}

Result<QByteArray> PassphraseReader::fromFile() const
{
    QByteArray contents;
    if (m_file == u"-") {
        contents = Console::readStdin();
    } else {
        QFile file(m_file);
        if (!file.open(QIODevice::ReadOnly))
            return unavailable(tr("Cannot read the passphrase file %1: %2").arg(m_file, file.errorString()));
        contents = file.readAll();
        // Like the key files: not refused, since it works, but said plainly with the fix.
        if (QFileInfo(m_file).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
            Console::message(tr("%1 holds a passphrase and other users of this computer can read it; make it yours "
                                "only: chmod 600 %1")
                                 .arg(m_file));
    }
    const qsizetype end = contents.indexOf('\n');
    QByteArray passphrase = end < 0 ? contents : contents.left(end);
    contents.fill('\0');
    if (passphrase.endsWith('\r'))
        passphrase.chop(1);
    if (passphrase.isEmpty())
        return unavailable(tr("The passphrase file %1 is empty.").arg(m_file));
    return passphrase;
}

Result<QByteArray> PassphraseReader::read(const QString& keyFile) const
{
    if (!m_file.isEmpty())
        return fromFile();
    auto typed = TerminalInput::readHidden(
        tr("Passphrase of %1: ").arg(keyFile),
        tr("The app private key %1 is protected by a passphrase and there is no terminal to ask for it on; give "
           "--passphrase-file FILE.")
            .arg(keyFile));
    if (!typed)
        return unavailable(typed.error().message());
    if (typed->isEmpty())
        return unavailable(tr("No passphrase was typed; nothing was done."));
    return typed;
}

Result<QByteArray> PassphraseReader::readNew(const QString& keyFile) const
{
    if (!m_file.isEmpty())
        return fromFile();
    const QString noTerminal =
        tr("There is no terminal to ask for the new passphrase on; give --passphrase-file FILE.");
    auto first = TerminalInput::readHidden(tr("New passphrase for %1: ").arg(keyFile), noTerminal);
    if (!first)
        return Error::input(first.error().message());
    if (first->isEmpty())
        return Error::input(tr("An empty passphrase protects nothing; nothing was changed."));
    auto again = TerminalInput::readHidden(tr("The same passphrase again: "), noTerminal);
    if (!again)
        return Error::input(again.error().message());
    const bool same = *again == *first;
    again->fill('\0');
    if (!same) {
        first->fill('\0');
        return Error::input(tr("The two passphrases differ; nothing was changed."));
    }
    return first;
}

vault::PassphrasePrompt PassphraseReader::prompt() const
{
    return [reader = *this](const QString& keyFile) { return reader.read(keyFile); };
}

} // namespace counterpay::cli
