#include "cli/PinReader.h"

#include "cli/Console.h"

#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <string>

namespace counterpay::cli {

namespace {

// What a signal handler needs to give the terminal its echo back.
int g_ttyFd = -1;
termios g_savedTty{};

void restoreTtyAndDie(int signalNumber)
{
    // Only async-signal-safe calls here: Ctrl-C at the prompt must not leave the shell without echo.
    tcsetattr(g_ttyFd, TCSAFLUSH, &g_savedTty);
    ::signal(signalNumber, SIG_DFL);
    ::raise(signalNumber);
}

constexpr std::array kFatalSignals{SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// The terminal's settings, put back whatever happens while the PIN is typed.
class EchoOff
{
public:
    explicit EchoOff(int fd)
        : m_fd(fd)
    {
        if (tcgetattr(m_fd, &m_saved) != 0)
            return;
        g_ttyFd = m_fd;
        g_savedTty = m_saved;
        struct sigaction restore = {};
        restore.sa_handler = restoreTtyAndDie;
        sigemptyset(&restore.sa_mask);
        for (size_t i = 0; i < kFatalSignals.size(); ++i)
            sigaction(kFatalSignals[i], &restore, &m_previous[i]);
        termios quiet = m_saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= tcflag_t(ECHONL); // the Enter still moves to the next line
        m_active = tcsetattr(m_fd, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff()
    {
        if (m_active)
            tcsetattr(m_fd, TCSAFLUSH, &m_saved);
        if (g_ttyFd == m_fd) {
            for (size_t i = 0; i < kFatalSignals.size(); ++i)
                sigaction(kFatalSignals[i], &m_previous[i], nullptr);
            g_ttyFd = -1;
        }
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    int m_fd;
    termios m_saved{};
    std::array<struct sigaction, kFatalSignals.size()> m_previous{};
    bool m_active = false;
};

} // namespace

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
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return Error::input(tr("There is no terminal to ask for the PIN on; give --pin-file FILE."));
    Console::prompt(prompt);
    std::string typed;
    {
        EchoOff quiet(fd);
        char c = 0;
        while (::read(fd, &c, 1) == 1 && c != '\n')
            typed.push_back(c);
    }
    ::close(fd);
    if (!typed.empty() && typed.back() == '\r')
        typed.pop_back();
    const QString pin = QString::fromUtf8(typed.data(), qsizetype(typed.size()));
    std::fill(typed.begin(), typed.end(), '\0');
    return pin;
}

} // namespace counterpay::cli
