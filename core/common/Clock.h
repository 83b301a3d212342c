#pragma once

#include <QDateTime>

namespace counterpay {

// Seam for "now": timestamps, poll schedules and QR expiry are tested without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC

    static const Clock& system();
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

// A clock tests set and advance by hand.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start)
        : m_now(std::move(start))
    {}
    QDateTime now() const override { return m_now; }
    void set(QDateTime now) { m_now = std::move(now); }
    void advanceMs(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now;
};

} // namespace counterpay
