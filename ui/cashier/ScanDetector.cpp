#include "cashier/ScanDetector.h"

namespace counterpay::ui {

ScanDetector::ScanDetector(QObject* parent)
    : QObject(parent)
{
    m_pause.setSingleShot(true);
    m_pause.setInterval(static_cast<int>(kBurstGapMs));
    connect(&m_pause, &QTimer::timeout, this, &ScanDetector::flushPending);
}

QChar ScanDetector::normalised(QChar c)
{
    // Ｕ+FF10..FF19: the full-width digits a Chinese input method may turn a scanner's keys into.
    if (c.unicode() >= 0xFF10 && c.unicode() <= 0xFF19)
        return QChar(u'0' + (c.unicode() - 0xFF10));
    return c;
}

void ScanDetector::key(QChar c, qint64 atMs)
{
    if (!m_burst.isEmpty() && atMs - m_lastMs > kBurstGapMs)
        flushPending();
    m_burst += normalised(c);
    m_lastMs = atMs;
    m_pause.start();
}

void ScanDetector::enter(qint64 atMs)
{
    m_pause.stop();
    if (!m_burst.isEmpty() && atMs - m_lastMs <= kBurstGapMs && isScan()) {
        const QString code = m_burst;
        m_burst.clear();
        emit scanned(code);
        return;
    }
    releaseAsTyped();
    emit enterTyped();
}

void ScanDetector::flushPending()
{
    m_pause.stop();
    if (isScan()) {
        const QString code = m_burst;
        m_burst.clear();
        emit scanned(code);
        return;
    }
    releaseAsTyped();
}

void ScanDetector::reset()
{
    m_pause.stop();
    m_burst.clear();
}

bool ScanDetector::isScan() const
{
    // A burst of digits only, kBurstGapMs or less between keys all along (key() flushes on a gap).
    if (m_burst.size() < kMinScanLength)
        return false;
    for (QChar c : m_burst) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

void ScanDetector::releaseAsTyped()
{
    const QString keys = m_burst;
    m_burst.clear();
    for (QChar c : keys)
        emit typed(c);
}

} // namespace counterpay::ui
