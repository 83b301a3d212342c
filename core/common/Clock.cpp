#include "common/Clock.h"

namespace counterpay {

const Clock& Clock::system()
{
    static const SystemClock clock;
    return clock;
}

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace counterpay
