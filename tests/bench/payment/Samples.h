#pragma once

#include <QDir>
#include <QFile>
#include <QString>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

namespace counterpay::bench {

using SteadyClock = std::chrono::steady_clock;

inline double millisecondsBetween(SteadyClock::time_point from, SteadyClock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// CPU time of this whole process (every thread, QNetworkAccessManager's included), in ms. Unlike wall
// time it does not grow while other programs hold the cores.
inline double processCpuMs()
{
    return static_cast<double>(std::clock()) * 1000.0 / CLOCKS_PER_SEC;
}

// Time the threads of this process spent runnable but waiting for a core (Linux schedstat, second
// field, ns), in ms: on a machine shared with other work this is where wall time goes that neither
// this process nor the gateway spent computing. 0 where the kernel does not keep it.
inline double processRunQueueWaitMs()
{
    qint64 waitNs = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks.filePath(task + QStringLiteral("/schedstat")));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> fields = file.readAll().split(' ');
        if (fields.size() >= 2)
            waitNs += fields[1].trimmed().toLongLong();
    }
    return static_cast<double>(waitNs) / 1e6;
}

// One measured quantity, in milliseconds. Order statistics come from the sorted samples: the median
// (mean of the two middle ones for an even count) and p95 by nearest rank (the smallest sample that
// at least 95% of the samples do not exceed), so no distribution is assumed.
class Samples
{
public:
    void add(double ms) { m_values.push_back(ms); }
    std::size_t count() const { return m_values.size(); }
    bool isEmpty() const { return m_values.empty(); }
    const std::vector<double>& values() const { return m_values; } // in the order they were added

    double median() const { return isEmpty() ? 0 : medianOf(sorted()); }
    double p95() const { return percentile(95); }
    double min() const { return isEmpty() ? 0 : *std::min_element(m_values.begin(), m_values.end()); }
    double max() const { return isEmpty() ? 0 : *std::max_element(m_values.begin(), m_values.end()); }

    // The median of samples [from, to) in the order they were added: drift over a run shows here.
    double medianOfRange(std::size_t from, std::size_t to) const
    {
        to = std::min(to, m_values.size());
        if (from >= to)
            return 0;
        std::vector<double> values(m_values.begin() + static_cast<std::ptrdiff_t>(from),
                                   m_values.begin() + static_cast<std::ptrdiff_t>(to));
        std::sort(values.begin(), values.end());
        return medianOf(values);
    }

    double percentile(int p) const
    {
        if (isEmpty())
            return 0;
        const std::vector<double> values = sorted();
        const std::size_t rank = (static_cast<std::size_t>(p) * values.size() + 99) / 100; // ceil(p% of n)
        return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
    }

private:
    std::vector<double> sorted() const
    {
        std::vector<double> values = m_values;
        std::sort(values.begin(), values.end());
        return values;
    }

    static double medianOf(const std::vector<double>& values)
    {
        const std::size_t n = values.size();
        return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    std::vector<double> m_values;
};

} // namespace counterpay::bench
