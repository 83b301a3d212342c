#include "cli/PinReader.h"

#include "cli/Console.h"
#include "cli/TerminalInput.h"

#include <QFile>
#include <QFileInfo>

namespace counterpay::cli {

PinReader::PinReader(QString pinFile)
    : m_file(std::move(pinFile))
{}

Result<QString> PinReader::read(const QString& prompt)
{
    return fromTerminal() ? askTerminal(prompt) : nextLine();
}

Result<QString> PinReader::readNew(const QString& prompt, const QString& againPrompt)
{
    auto pin = read(prompt);
    if (!pin || !fromTerminal())
        return pin;
    auto again = askTerminal(againPrompt);
    if (!again)
        return again;
    if (*again != *pin)
        return Error::input(tr("The two PINs differ; nothing was changed."));
    return pin;
}

Result<QString> PinReader::nextLine()
{
    if (!m_loaded) {
        QByteArray contents;
        if (m_file == u"-") {
            contents = Console::readStdin();
        } else {
            QFile file(m_file);
            if (!file.open(QIODevice::ReadOnly))
                return Error::input(tr("Cannot read the PIN file %1: %2").arg(m_file, file.errorString()));
            contents = file.readAll();
            // Like the key files: not refused, since it works, but said plainly with the fix.
            if (QFileInfo(m_file).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
                Console::message(tr("%1 holds a PIN and other users of this computer can read it; make it yours "
                                    "only: chmod 600 %1")
                                     .arg(m_file));
        }
        m_lines = contents.split('\n');
        contents.fill('\0');
        m_loaded = true;
    }
    if (m_next >= m_lines.size() || (m_next == m_lines.size() - 1 && m_lines.constLast().isEmpty()))
        return Error::input(m_next == 0 ? tr("The PIN file %1 is empty.").arg(m_file)
                                        : tr("The PIN file %1 has no PIN on line %2.").arg(m_file).arg(m_next + 1));
    QByteArray line = m_lines[m_next++];
    if (line.endsWith('\r'))
        line.chop(1);
    const QString pin = QString::fromUtf8(line);
    line.fill('\0');
    return pin;
}

Result<QString> PinReader::askTerminal(const QString& prompt)
{
    auto typed =
        TerminalInput::readHidden(prompt, tr("There is no terminal to ask for the PIN on; give --pin-file FILE."));
    if (!typed)
        return typed.error();
    const QString pin = QString::fromUtf8(*typed);
    typed->fill('\0');
    return pin;
}

} // namespace counterpay::cli
