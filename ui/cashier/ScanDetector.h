#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace counterpay::ui {

// Tells a USB scanner from a person at the same keyboard (UI.md, "Keyboard and scanner"). A scanner
// types a payment code's 16–24 digits a few milliseconds apart and then Enter; people type 80–200 ms
// apart. Keys are held back while they come faster than kBurstGapMs: a long enough burst ending in
// Enter (or in a pause) is a scan, anything else is released as typed, in order. A person's key is
// therefore shown at most kBurstGapMs late, which nobody notices.
//
// Times are the keys' own timestamps in milliseconds (QKeyEvent::timestamp()), so a test can play
// any rhythm without sleeping; flushPending() does what the pause timer does.
class ScanDetector : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kBurstGapMs = 40;
    static constexpr int kMinScanLength = 10; // WeChat codes are 18 digits too; shorter bursts are typing

    explicit ScanDetector(QObject* parent = nullptr);

    // A printable key (full-width digits from a Chinese input method are read as ASCII digits).
    void key(QChar c, qint64 atMs);
    void enter(qint64 atMs);
    // Releases what is held back: a scan when it is one (a scanner set up without Enter), else typing.
    void flushPending();
    // Drops what is held back (the screen changed under it).
    void reset();

    static QChar normalised(QChar c);

signals:
    void typed(QChar c);
    void enterTyped();
    void scanned(const QString& code);

private:
    bool isScan() const;
    void releaseAsTyped();

    QString m_burst;
    qint64 m_lastMs = 0;
    QTimer m_pause;
};

} // namespace counterpay::ui
