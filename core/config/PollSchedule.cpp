#include "config/PollSchedule.h"

#include <QString>
#include <QStringList>

namespace counterpay::config {

PollSchedule::PollSchedule()
    : PollSchedule(1500, {{30000, 1000}, {120000, 2000}}, 5000)
{}

PollSchedule::PollSchedule(qint64 firstQueryMs, QList<Step> steps, qint64 finalIntervalMs)
    : m_firstQueryMs(firstQueryMs)
    , m_steps(std::move(steps))
    , m_finalIntervalMs(finalIntervalMs)
{}

qint64 PollSchedule::nextDelayMs(qint64 elapsedMs, bool firstQuery) const
{
    if (firstQuery)
        return std::max<qint64>(0, m_firstQueryMs - elapsedMs);
    for (const Step& step : m_steps) {
        if (elapsedMs < step.untilMs)
            return step.intervalMs;
    }
    return m_finalIntervalMs;
}

bool PollSchedule::parse(const QString& text, PollSchedule* out)
{
    qint64 first = -1;
    qint64 final = -1;
    QList<Step> steps;
    const auto number = [](const QString& s, qint64* value) {
        bool ok = false;
        *value = s.toLongLong(&ok);
        return ok && *value > 0 && *value <= 3'600'000;
    };
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        if (item.startsWith(QStringLiteral("first="))) {
            if (!number(item.mid(6), &first))
                return false;
        } else if (item.startsWith(QStringLiteral("final="))) {
            if (!number(item.mid(6), &final))
                return false;
        } else {
            const QStringList pair = item.split(u'@');
            Step step{};
            if (pair.size() != 2 || !number(pair[0], &step.intervalMs) || !number(pair[1], &step.untilMs))
                return false;
            if (!steps.isEmpty() && step.untilMs <= steps.constLast().untilMs)
                return false;
            steps.append(step);
        }
    }
    if (first < 0 || final < 0)
        return false;
    *out = PollSchedule(first, steps, final);
    return true;
}

} // namespace counterpay::config
