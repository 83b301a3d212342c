#pragma once

#include "../payment/Samples.h"

#include <QObject>

#include <functional>

class QWidget;

namespace counterpay::bench {

// When something reached the screen, without a hook in the widgets. What "painted" means here: the
// end of the first frame in which `target`'s paintEvent ran while `condition` held. A frame is the
// repaint manager's work for the top-level window, done when the window handles QEvent::UpdateRequest
// (Qt posts one after update()): every dirty widget is painted into the window's backing store, which
// is then flushed to the platform window (offscreen, the backing store's image is the screen and the
// flush only notes the area; on X11 it is the shared-memory put to the server). What comes after the
// flush, the compositor and the display's next refresh, is out of the app's hands and not counted. A grab of the window
// was not used: it paints the window again, on top of the frame.
//
// The filter sits on the window and on the target; for those two events it delivers the event itself,
// exactly as QApplication would next (QObject::event), takes the time after it returns and stops the
// normal delivery. Nothing is painted that the app would not have painted, and no paint is forced.
//
//   probe.arm(qrView, [&] { return !qrView->text().isEmpty(); });
//   ... the app runs ...
//   probe.isDone(): that frame has been flushed; targetPaintedAt() is the end of the widget's paint,
//   frameFlushedAt() the end of the frame.
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
