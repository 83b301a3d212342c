#pragma once

#include <QList>

namespace counterpay::config {

// When to ask Alipay again while an order waits (DESIGN.md §5). Defaults: first query 1.5 s after
// the QR is shown, then every 1 s up to 30 s, every 2 s up to 120 s, every 5 s after that. Alipay's
// own demo polls every 5 s; a cashier should see "paid" within a second of the customer paying.
class PollSchedule
{
public:
    struct Step
    {
        qint64 untilMs;    // this interval applies while elapsed < untilMs
        qint64 intervalMs; // time between queries
    };

    PollSchedule();
    PollSchedule(qint64 firstQueryMs, QList<Step> steps, qint64 finalIntervalMs);

    // Delay before the next query, given the time elapsed since waiting began and whether a query
    // was already made.
    qint64 nextDelayMs(qint64 elapsedMs, bool firstQuery) const;

    qint64 firstQueryMs() const { return m_firstQueryMs; }
    qint64 finalIntervalMs() const { return m_finalIntervalMs; }
    const QList<Step>& steps() const { return m_steps; }

    // Parses "first=1500,1000@30000,2000@120000,final=5000" (interval@until, ms).
    static bool parse(const QString& text, PollSchedule* out);

private:
    qint64 m_firstQueryMs;
    QList<Step> m_steps;
    qint64 m_finalIntervalMs;
};

} // namespace counterpay::config
