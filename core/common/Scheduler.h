#pragma once

#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>

namespace counterpay {

class ManualClock;

// Seam for "later": poll schedules, retries and QR expiry run on a Scheduler, so tests drive them
// with a ManualScheduler instead of sleeping.
class Scheduler
{
public:
    using Task = std::function<void()>;
    using Handle = quint64;

    virtual ~Scheduler() = default;
    // Runs `task` on this thread after `delayMs`. The task is dropped if `context` dies first.
    virtual Handle schedule(qint64 delayMs, const QObject* context, Task task) = 0;
    virtual void cancel(Handle handle) = 0;
};

// Real time, on the Qt event loop.
class QtScheduler final : public Scheduler
{
public:
    Handle schedule(qint64 delayMs, const QObject* context, Task task) override;
    void cancel(Handle handle) override;

    static QtScheduler& instance();

private:
    std::map<Handle, std::unique_ptr<QObject>> m_timers;
    Handle m_next = 1;
};

// Test time: advance() moves the clock and runs every task that falls due, in time order.
class ManualScheduler final : public Scheduler
{
public:
    explicit ManualScheduler(ManualClock& clock);

    Handle schedule(qint64 delayMs, const QObject* context, Task task) override;
    void cancel(Handle handle) override;

    // Moves time forward by `ms`, running every task that falls due on the way.
    void advance(qint64 ms);
    // Moves to the next due task and runs it; false when nothing is pending.
    bool runNext();
    qint64 pendingCount() const { return static_cast<qint64>(m_tasks.size()); }
    qint64 nowMs() const { return m_nowMs; }

private:
    struct Entry
    {
        QPointer<const QObject> context;
        bool hasContext;
        Task task;
    };
    ManualClock& m_clock;
    qint64 m_nowMs = 0;
    std::multimap<std::pair<qint64, Handle>, Entry> m_tasks;
    Handle m_next = 1;
};

} // namespace counterpay
