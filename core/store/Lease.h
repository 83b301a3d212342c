#pragma once

#include <QDateTime>
#include <QString>

namespace counterpay::store {

// Who drives an order right now (DESIGN.md §5): one till of one process on one host. The id is new
// for every till, so two tills in one process, or a restarted process that got the same pid, are
// never taken for each other.
struct LeaseOwner
{
    QString id;
    QString host;
    qint64 pid = 0;

    // A fresh owner for a till of this process on this machine.
    static LeaseOwner forThisProcess();
    bool isValid() const { return !id.isEmpty(); }
    bool operator==(const LeaseOwner& other) const = default;
};

// An order's lease as the order book holds it: valid while its holder renews the heartbeat.
struct Lease
{
    LeaseOwner owner;
    QDateTime heartbeat; // UTC
    QDateTime expiresAt; // UTC

    // Still in force at `now`: not expired and, when held on this host, its process still runs. A
    // crashed till's orders are therefore taken over at once on its own machine, and after the lease
    // runs out anywhere else.
    bool isLive(const QDateTime& now) const;
};

// Whether a process with this id runs on this machine.
bool processRuns(qint64 pid);

} // namespace counterpay::store
