#include "money/SpokenAmount.h"

#include <QTest>

using counterpay::Money;
using counterpay::SpokenAmount;

class TestSpokenAmount : public QObject
{
    Q_OBJECT

private slots:
    void chinese_data();
    void chinese();
    void english_data();
    void english();
    void everyAmountIsWords();
};

void TestSpokenAmount::chinese_data()
{
    QTest::addColumn<qint64>("fen");
    QTest::addColumn<QString>("words");
    const auto row = [](const char* name, qint64 fen, const char* words) {
        QTest::newRow(name) << fen << QString::fromUtf8(words);
    };
    // The fen: 点 and digit by digit, trailing zeros dropped.
    row("zero", 0, "零");
    row("one fen", 1, "零点零一");
    row("five fen", 5, "零点零五");
    row("ten fen", 10, "零点一");
    row("half a yuan", 50, "零点五");
    row("99 fen", 99, "零点九九");
    row("1.00", 100, "一");
    row("1.01", 101, "一点零一");
    row("2.00", 200, "二");
    row("9.99", 999, "九点九九");
    row("12.34", 1234, "十二点三四");
    row("12.30", 1230, "十二点三");
    row("10.50", 1050, "十点五");
    row("10.05", 1005, "十点零五");
    // Tens: 十 alone at the start, 一十 after a higher unit.
    row("10", 1000, "十");
    row("11", 1100, "十一");
    row("19", 1900, "十九");
    row("20", 2000, "二十");
    row("22", 2200, "二十二");
    row("99", 9900, "九十九");
    row("100", 10000, "一百");
    row("101", 10100, "一百零一");
    row("110", 11000, "一百一十");
    row("111", 11100, "一百一十一");
    row("115.50", 11550, "一百一十五点五");
    row("200", 20000, "二百");
    row("250", 25000, "二百五十");
    row("999", 99900, "九百九十九");
    // 零 for a run of missing digits, never at the end.
    row("1000", 100000, "一千");
    row("1001", 100100, "一千零一");
    row("1010", 101000, "一千零一十");
    row("1011", 101100, "一千零一十一");
    row("1100", 110000, "一千一百");
    row("1234.56", 123456, "一千二百三十四点五六");
    row("2000", 200000, "二千");
    row("9999.99", 999999, "九千九百九十九点九九");
    // 万: one 零 across the unit when its lower four digits start with zero.
    row("10000", 1000000, "一万");
    row("10001", 1000100, "一万零一");
    row("10010", 1001000, "一万零一十");
    row("10100", 1010000, "一万零一百");
    row("10500.5", 1050050, "一万零五百点五");
    row("11000", 1100000, "一万一千");
    row("15000", 1500000, "一万五千");
    row("20000", 2000000, "二万");
    row("20000.02", 2000002, "二万点零二");
    row("99999", 9999900, "九万九千九百九十九");
    row("100000", 10000000, "十万");
    row("100010", 10001000, "十万零一十");
    row("110000", 11000000, "十一万");
    row("120000.08", 12000008, "十二万点零八");
    row("123456.78", 12345678, "十二万三千四百五十六点七八");
    row("1000000", 100000000, "一百万");
    row("1010000", 101000000, "一百零一万");
    row("1100000", 110000000, "一百一十万");
    row("1000001", 100000100, "一百万零一");
    row("10000000", 1000000000, "一千万");
    row("10010000", 1001000000, "一千零一万");
    row("12345678.9", 1234567890, "一千二百三十四万五千六百七十八点九");
    row("99999999.99", 9999999999, "九千九百九十九万九千九百九十九点九九");
    // 亿: Alipay's limit for one trade is 100,000,000.00.
    row("100000000.00", 10000000000, "一亿");
    row("100000001", 10000000100, "一亿零一");
    row("100010000", 10001000000, "一亿零一万");
    row("100100000", 10010000000, "一亿零一十万");
    row("101000000", 10100000000, "一亿零一百万");
    row("110000000", 11000000000, "一亿一千万");
    row("100000000.01", 10000000001, "一亿点零一");
    row("100001000", 10000100000, "一亿零一千");
    row("110000101", 11000010100, "一亿一千万零一百零一");
    row("200000000", 20000000000, "二亿");
    row("1000000000", 100000000000, "十亿");
    row("1234567890.12", 123456789012, "十二亿三千四百五十六万七千八百九十点一二");
    // Past 亿 (no trade is that large, but a total may be): 万亿 and 亿亿, still words.
    row("10^12", 100000000000000, "一万亿");
    row("10^16", 1000000000000000000, "一亿亿");
    row("largest", std::numeric_limits<qint64>::max(),
        "九亿二千二百三十三万七千二百零三亿六千八百五十四万七千七百五十八点零七");
    // A refund said aloud.
    row("negative", -1234, "负十二点三四");
    row("most negative", std::numeric_limits<qint64>::min(),
        "负九亿二千二百三十三万七千二百零三亿六千八百五十四万七千七百五十八点零八");
}

void TestSpokenAmount::chinese()
{
    QFETCH(qint64, fen);
    QFETCH(QString, words);
    QCOMPARE(SpokenAmount::chinese(Money::fromFen(fen)), words);
}

void TestSpokenAmount::english_data()
{
    QTest::addColumn<qint64>("fen");
    QTest::addColumn<QString>("words");
    QTest::newRow("12.34") << qint64(1234) << QStringLiteral("12.34");
    QTest::newRow("10.50") << qint64(1050) << QStringLiteral("10.5");
    QTest::newRow("10.05") << qint64(1005) << QStringLiteral("10.05");
    QTest::newRow("0.05") << qint64(5) << QStringLiteral("0.05");
    QTest::newRow("0.10") << qint64(10) << QStringLiteral("0.1");
    QTest::newRow("100.00") << qint64(10000) << QStringLiteral("100");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0");
    QTest::newRow("limit") << qint64(10'000'000'000LL) << QStringLiteral("100000000");
    QTest::newRow("120000.08") << qint64(12000008) << QStringLiteral("120000.08");
    QTest::newRow("negative") << qint64(-500) << QStringLiteral("minus 5");
}

void TestSpokenAmount::english()
{
    QFETCH(qint64, fen);
    QFETCH(QString, words);
    QCOMPARE(SpokenAmount::english(Money::fromFen(fen)), words);
}

// Whatever the amount, the voice gets only the characters it reads well: Chinese numerals, units
// and 点, never a digit, a doubled 零 or one before a unit or at the end.
void TestSpokenAmount::everyAmountIsWords()
{
    const QString allowed = QStringLiteral("零一二三四五六七八九十百千万亿点");
    for (qint64 fen = 0; fen < 20'000; ++fen) {
        for (qint64 scale : {qint64(1), qint64(10'007), qint64(5'000'011)}) {
            const QString words = SpokenAmount::chinese(Money::fromFen(fen * scale));
            for (QChar c : words)
                QVERIFY2(allowed.contains(c), qPrintable(words));
            const QString yuan = words.section(u'点', 0, 0);
            QVERIFY2(!yuan.contains(QStringLiteral("零零")), qPrintable(words));
            QVERIFY2(yuan == u"零" || !yuan.endsWith(u'零'), qPrintable(words));
            for (const QChar unit : {u'十', u'百', u'千', u'万', u'亿'})
                QVERIFY2(!yuan.contains(QString(u'零') + unit), qPrintable(words));
        }
    }
}

QTEST_APPLESS_MAIN(TestSpokenAmount)
#include "TestSpokenAmount.moc"
