#include "store/Lease.h"

#include <QCoreApplication>
#include <QSysInfo>
#include <QUuid>

#include <cerrno>

#include <signal.h>

namespace counterpay::store {

LeaseOwner LeaseOwner::forThisProcess()
{
    return LeaseOwner{QUuid::createUuid().toString(QUuid::WithoutBraces), QSysInfo::machineHostName(),
                      QCoreApplication::applicationPid()};
}

bool Lease::isLive(const QDateTime& now) const
{
    if (!expiresAt.isValid() || expiresAt <= now)
        return false;
    if (owner.host == QSysInfo::machineHostName())
        return processRuns(owner.pid);
    return true;
}

bool processRuns(qint64 pid)
{
    if (pid <= 0)
        return false;
    // Signal 0 only checks: EPERM means it runs under another user.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

} // namespace counterpay::store
