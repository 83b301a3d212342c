#include "cli/TerminalInput.h"

#include "cli/Console.h"

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

// The terminal's settings, put back whatever happens while the secret is typed.
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

Result<QByteArray> TerminalInput::readHidden(const QString& prompt, const QString& noTerminalMessage)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return Error::input(noTerminalMessage);
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
    QByteArray line(typed.data(), qsizetype(typed.size()));
    std::fill(typed.begin(), typed.end(), '\0');
    return line;
}

} // namespace counterpay::cli
