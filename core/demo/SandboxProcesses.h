#pragma once

#include <QList>
#include <QString>

#include <functional>

// The operating system's side of the demo's child process: finding a counterpay-sandbox that serves
// a data folder, whether a process still lives, stopping one that is not ours to wait for, and
// making our child die with us. Linux reads /proc; elsewhere the look-ups find nothing.
namespace counterpay::demo::processes {

struct ServingSandbox
{
    qint64 pid = 0;
    qint64 parentPid = 0;
};

// Every `counterpay-sandbox serve --data-dir DIR` running with `dataDir` as DIR (relative paths are
// resolved against the process's working folder, symbolic links followed).
QList<ServingSandbox> servingSandboxes(const QString& dataDir);

// The process exists and is not a zombie (a zombie has exited; only its parent's wait is missing).
bool isAlive(qint64 pid);

// SIGTERM, then SIGKILL after `graceMs` if it still lives; true when it is gone. For processes that
// are not our children (we cannot wait for them): it polls.
bool terminate(qint64 pid, int graceMs);

// For QProcess::setChildProcessModifier: the child gets SIGTERM when this process dies (also from
// SIGKILL), and exits at once if this process died before the child could ask for that. Linux only
// (prctl); elsewhere it does nothing. The signal comes when the *thread* that started the child
// ends: start children from the main thread.
std::function<void()> dieWithParent();

} // namespace counterpay::demo::processes
