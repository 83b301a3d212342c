#include "common/Scheduler.h"

#include "common/Clock.h"

#include <QTimer>

namespace counterpay {

Scheduler::Handle QtScheduler::schedule(qint64 delayMs, const QObject* context, Task task)
{
    const Handle handle = m_next++;
    auto timer = std::make_unique<QTimer>();
    timer->setSingleShot(true);
    // Precise: a poll due at 1.5 s must not drift by the 5% a coarse timer allows.
    timer->setTimerType(Qt::PreciseTimer);
    QPointer<const QObject> guard(context);
    QObject::connect(timer.get(), &QTimer::timeout, timer.get(), [this, handle, guard, task = std::move(task)] {
        auto self = m_timers.extract(handle); // keeps the timer alive until this lambda returns
        if (guard)
            task();
    });
    timer->start(static_cast<int>(std::max<qint64>(0, delayMs)));
    m_timers.emplace(handle, std::move(timer));
    return handle;
}

void QtScheduler::cancel(Handle handle)
{
    auto it = m_timers.find(handle);
    if (it == m_timers.end())
        return;
    it->second.release()->deleteLater();
    m_timers.erase(it);
}

QtScheduler& QtScheduler::instance()
{
    static QtScheduler scheduler;
    return scheduler;
}

ManualScheduler::ManualScheduler(ManualClock& clock)
    : m_clock(clock)
{}

Scheduler::Handle ManualScheduler::schedule(qint64 delayMs, const QObject* context, Task task)
{
    const Handle handle = m_next++;
    m_tasks.emplace(std::make_pair(m_nowMs + std::max<qint64>(0, delayMs), handle),
                    Entry{context, context != nullptr, std::move(task)});
    return handle;
}

void ManualScheduler::cancel(Handle handle)
{
    for (auto it = m_tasks.begin(); it != m_tasks.end(); ++it) {
        if (it->first.second == handle) {
            m_tasks.erase(it);
            return;
        }
    }
}

bool ManualScheduler::runNext()
{
    if (m_tasks.empty())
        return false;
    auto node = m_tasks.extract(m_tasks.begin());
    const qint64 due = node.key().first;
    if (due > m_nowMs) {
        m_clock.advanceMs(due - m_nowMs);
        m_nowMs = due;
    }
    Entry& entry = node.mapped();
    if (!entry.hasContext || entry.context)
        entry.task();
    return true;
}

void ManualScheduler::advance(qint64 ms)
{
    const qint64 target = m_nowMs + ms;
    while (!m_tasks.empty() && m_tasks.begin()->first.first <= target)
        runNext();
    m_clock.advanceMs(target - m_nowMs);
    m_nowMs = target;
}

} // namespace counterpay
