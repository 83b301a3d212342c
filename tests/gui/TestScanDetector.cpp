// A scanner gun and a person at the same keyboard, told apart by rhythm alone (UI.md).
#include "cashier/ScanDetector.h"

#include <QSignalSpy>
#include <QTest>

using namespace counterpay::ui;

class TestScanDetector : public QObject
{
    Q_OBJECT

private slots:
    void scannerBurstWithEnterIsAScan();
    void personTypingTheSameDigitsIsTyping();
    void shortBurstIsTyping();
    void typingThenScanKeepsTheOrder();
    void burstWithoutEnterIsAScanAfterThePause();
    void fullWidthDigitsAreRead();
    void lettersInABurstAreNotAScan();

private:
    struct Spies
    {
        explicit Spies(ScanDetector& d)
            : typed(&d, &ScanDetector::typed)
            , enter(&d, &ScanDetector::enterTyped)
            , scanned(&d, &ScanDetector::scanned)
        {}
        QString typedText() const
        {
            QString text;
            for (const auto& args : typed)
                text += args.first().toChar();
            return text;
        }
        QSignalSpy typed;
        QSignalSpy enter;
        QSignalSpy scanned;
    };
};

namespace {

const QString kCode = QStringLiteral("286123456789012345");

void play(ScanDetector& detector, const QString& keys, qint64 startMs, qint64 gapMs, bool enter)
{
    qint64 at = startMs;
    for (QChar c : keys) {
        detector.key(c, at);
        at += gapMs;
    }
    if (enter)
        detector.enter(at - gapMs + std::min<qint64>(gapMs, 5));
}

} // namespace

void TestScanDetector::scannerBurstWithEnterIsAScan()
{
    ScanDetector detector;
    Spies spies(detector);
    play(detector, kCode, 1000, 4, true);
    QCOMPARE(spies.scanned.size(), 1);
    QCOMPARE(spies.scanned.first().first().toString(), kCode);
    QCOMPARE(spies.typed.size(), 0);
    QCOMPARE(spies.enter.size(), 0);
}

void TestScanDetector::personTypingTheSameDigitsIsTyping()
{
    ScanDetector detector;
    Spies spies(detector);
    qint64 at = 1000;
    for (QChar c : kCode) {
        detector.key(c, at);
        at += 120;
    }
    detector.enter(at + 200);
    QCOMPARE(spies.scanned.size(), 0);
    QCOMPARE(spies.typedText(), kCode);
    QCOMPARE(spies.enter.size(), 1);
}

void TestScanDetector::shortBurstIsTyping()
{
    // A fast typist's "12.5" then Enter: an amount, not a code.
    ScanDetector detector;
    Spies spies(detector);
    play(detector, QStringLiteral("12.5"), 1000, 20, true);
    QCOMPARE(spies.scanned.size(), 0);
    QCOMPARE(spies.typedText(), QStringLiteral("12.5"));
    QCOMPARE(spies.enter.size(), 1);
}

void TestScanDetector::typingThenScanKeepsTheOrder()
{
    ScanDetector detector;
    Spies spies(detector);
    play(detector, QStringLiteral("88"), 1000, 150, false);
    play(detector, kCode, 2000, 3, true);
    QCOMPARE(spies.typedText(), QStringLiteral("88"));
    QCOMPARE(spies.scanned.size(), 1);
    QCOMPARE(spies.scanned.first().first().toString(), kCode);
}

void TestScanDetector::burstWithoutEnterIsAScanAfterThePause()
{
    ScanDetector detector;
    Spies spies(detector);
    play(detector, kCode, 1000, 3, false);
    QCOMPARE(spies.scanned.size(), 0);
    QTRY_COMPARE(spies.scanned.size(), 1); // the pause timer
    QCOMPARE(spies.typed.size(), 0);
}

void TestScanDetector::fullWidthDigitsAreRead()
{
    ScanDetector detector;
    Spies spies(detector);
    QString wide;
    for (QChar c : kCode)
        wide += QChar(0xFF10 + c.digitValue());
    play(detector, wide, 1000, 4, true);
    QCOMPARE(spies.scanned.size(), 1);
    QCOMPARE(spies.scanned.first().first().toString(), kCode);
}

void TestScanDetector::lettersInABurstAreNotAScan()
{
    ScanDetector detector;
    Spies spies(detector);
    play(detector, QStringLiteral("ABCDEFGHIJKLMNOP"), 1000, 3, true);
    QCOMPARE(spies.scanned.size(), 0);
    QCOMPARE(spies.typedText(), QStringLiteral("ABCDEFGHIJKLMNOP"));
    QCOMPARE(spies.enter.size(), 1);
}

QTEST_GUILESS_MAIN(TestScanDetector)
#include "TestScanDetector.moc"
