// The amount as the cashier keys it: only amounts that can be charged, whatever is pressed.
#include "cashier/AmountEntry.h"

#include <QTest>

using namespace counterpay;
using namespace counterpay::ui;

class TestAmountEntry : public QObject
{
    Q_OBJECT

private slots:
    void keys_data();
    void keys();
    void emptyAndZeroAreNotCharged();
    void pasteIsCheckedLikeKeys_data();
    void pasteIsCheckedLikeKeys();
};

void TestAmountEntry::keys_data()
{
    QTest::addColumn<QString>("keys"); // digits, '.', '<' for backspace
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("fen"); // -1: not an amount yet
    QTest::newRow("whole yuan") << "12"
                                << "12" << qint64(1200);
    QTest::newRow("two decimals") << "12.34"
                                  << "12.34" << qint64(1234);
    QTest::newRow("third decimal refused") << "12.345"
                                           << "12.34" << qint64(1234);
    QTest::newRow("second point refused") << "1.2.3"
                                          << "1.23" << qint64(123);
    QTest::newRow("point first") << ".5"
                                 << "0.5" << qint64(50);
    QTest::newRow("leading zero replaced") << "05"
                                           << "5" << qint64(500);
    QTest::newRow("zero point") << "0.01"
                                << "0.01" << qint64(1);
    QTest::newRow("trailing point") << "7."
                                    << "7." << qint64(700);
    QTest::newRow("backspace") << "12.3<<"
                               << "12" << qint64(1200);
    QTest::newRow("backspace past the start") << "1<<<"
                                              << "" << qint64(-1);
    QTest::newRow("Alipay's limit") << "100000000"
                                    << "100000000" << qint64(10'000'000'000);
    QTest::newRow("over the limit by a digit") << "1000000000"
                                               << "100000000" << qint64(10'000'000'000);
    QTest::newRow("over the limit by a fen") << "100000000.01"
                                             << "100000000.0" << qint64(10'000'000'000);
    QTest::newRow("just under the limit") << "99999999.99"
                                          << "99999999.99" << qint64(9'999'999'999);
}

void TestAmountEntry::keys()
{
    QFETCH(QString, keys);
    QFETCH(QString, text);
    QFETCH(qint64, fen);
    AmountEntry entry;
    for (QChar key : keys) {
        if (key == u'.')
            entry.point();
        else if (key == u'<')
            entry.backspace();
        else
            entry.digit(key.digitValue());
    }
    QCOMPARE(entry.text(), text);
    auto amount = entry.amount();
    QCOMPARE(amount.ok(), fen >= 0);
    if (fen >= 0)
        QCOMPARE(amount->fen(), fen);
}

void TestAmountEntry::emptyAndZeroAreNotCharged()
{
    AmountEntry entry;
    QCOMPARE(entry.display(), QStringLiteral("0.00"));
    QVERIFY(!entry.amount().ok());
    entry.digit(0);
    QVERIFY(!entry.amount().ok());
    entry.point();
    entry.digit(0);
    entry.digit(0);
    QCOMPARE(entry.text(), QStringLiteral("0.00"));
    QVERIFY(!entry.amount().ok());
    QCOMPARE(entry.amount().error().category(), Error::Category::Input);
    entry.clear();
    QVERIFY(entry.isEmpty());
}

void TestAmountEntry::pasteIsCheckedLikeKeys_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("taken");
    QTest::newRow("plain") << "8.80" << true;
    QTest::newRow("spaces around") << " 8.80 " << true;
    QTest::newRow("comma") << "1,000" << false;
    QTest::newRow("negative") << "-5" << false;
    QTest::newRow("exponent") << "1e3" << false;
    QTest::newRow("full-width digits") << "１２" << false;
    QTest::newRow("three decimals") << "1.001" << false;
    QTest::newRow("over the limit") << "100000000.01" << false;
}

void TestAmountEntry::pasteIsCheckedLikeKeys()
{
    QFETCH(QString, text);
    QFETCH(bool, taken);
    AmountEntry entry;
    entry.digit(3);
    QCOMPARE(entry.set(text), taken);
    QCOMPARE(entry.text(), taken ? text.trimmed() : QStringLiteral("3"));
}

QTEST_GUILESS_MAIN(TestAmountEntry)
#include "TestAmountEntry.moc"
