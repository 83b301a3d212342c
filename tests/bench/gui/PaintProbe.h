#pragma once

#include "../payment/Samples.h"

#include <QObject>

#include <functional>

class QWidget;

namespace counterpay::bench {

// When something reached the screen, without a hook in the widgets: an event filter on the top-level
// window (whose QEvent::UpdateRequest runs the repaint manager: every dirty widget painted into the
// backing store, which is then flushed to the window) and on one widget in it. For those events the
// filter delivers the event itself, exactly as QApplication would next (QObject::event), takes the
// time after it returns and stops the normal delivery. Nothing is painted that the app would not
// have painted, and no paint is forced.
//
//   probe.arm(qrView, [&] { return !qrView->text().isEmpty(); });
//   ... the app runs ...
//   probe.isDone(): the first frame in which `target` was painted while `condition` held has been
//   flushed; targetPaintedAt() is the end of that widget's paint, frameFlushedAt() the end of the frame.
//
// One caveat: event filters installed on the same objects before this one are skipped for those two
// event types (the cashier window has none).
class PaintProbe : public QObject
{
    Q_OBJECT

public:
    explicit PaintProbe(QWidget& window, QObject* parent = nullptr);
    ~PaintProbe() override;

    void arm(QWidget* target, std::function<bool()> condition);
    void disarm();
    bool isDone() const { return m_done; }
    SteadyClock::time_point targetPaintedAt() const { return m_targetPaintedAt; }
    SteadyClock::time_point frameFlushedAt() const { return m_frameFlushedAt; }
    // Frames the window painted since construction; paints of an armed target outside them (another
    // path than the repaint manager's: then the frame's end is taken as the widget's).
    int frames() const { return m_frames; }
    int strayPaints() const { return m_strayPaints; }

signals:
    void done();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget& m_window;
    QWidget* m_target = nullptr;
    std::function<bool()> m_condition;
    bool m_sawTarget = false;
    bool m_done = false;
    bool m_inFrame = false;
    int m_frames = 0;
    int m_strayPaints = 0;
    SteadyClock::time_point m_targetPaintedAt{};
    SteadyClock::time_point m_frameFlushedAt{};
};

} // namespace counterpay::bench
