#include "PaintProbe.h"

#include <QEvent>
#include <QWidget>

namespace counterpay::bench {

PaintProbe::PaintProbe(QWidget& window, QObject* parent)
    : QObject(parent)
    , m_window(window)
{
    m_window.installEventFilter(this);
}

PaintProbe::~PaintProbe()
{
    disarm();
    m_window.removeEventFilter(this);
}

void PaintProbe::arm(QWidget* target, std::function<bool()> condition)
{
    disarm();
    m_target = target;
    m_condition = std::move(condition);
    m_sawTarget = false;
    m_done = false;
    m_targetPaintedAt = {};
    m_frameFlushedAt = {};
    m_target->installEventFilter(this);
}

void PaintProbe::disarm()
{
    if (m_target)
        m_target->removeEventFilter(this);
    m_target = nullptr;
    m_condition = nullptr;
}

bool PaintProbe::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_target && event->type() == QEvent::Paint) {
        const bool wanted = !m_done && m_condition && m_condition();
        watched->event(event);
        if (wanted && !m_sawTarget) {
            m_sawTarget = true;
            m_targetPaintedAt = SteadyClock::now();
            if (!m_inFrame) {
                ++m_strayPaints;
                m_frameFlushedAt = m_targetPaintedAt;
                m_done = true;
                emit done();
            }
        }
        return true;
    }
    if (watched == &m_window && event->type() == QEvent::UpdateRequest) {
        m_inFrame = true;
        watched->event(event);
        m_inFrame = false;
        ++m_frames;
        if (m_sawTarget && !m_done) {
            m_frameFlushedAt = SteadyClock::now();
            m_done = true;
            emit done();
        }
        return true;
    }
    return false;
}

} // namespace counterpay::bench
