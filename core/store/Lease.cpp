#include "store/Lease.h"

#include <QCoreApplication>
#include <QSysInfo>
#include <QUuid>

namespace counterpay::store {

LeaseOwner LeaseOwner::forThisProcess()
{
    return LeaseOwner{QUuid::createUuid().toString(QUuid::WithoutBraces), QSysInfo::machineHostName(),
                      QCoreApplication::applicationPid()};
}

} // namespace counterpay::store
