#include "money/Money.h"

#include <QTest>

using counterpay::Money;

class TestMoney : public QObject
{
    Q_OBJECT

private slots:
    void parseAccepted_data();
    void parseAccepted();
    void parseRejected_data();
    void parseRejected();
    void kinds();
    void format_data();
    void format();
    void roundTripEveryFenBelowTwoYuan();
    void checkedArithmetic();
};

void TestMoney::parseAccepted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("fen");
    QTest::newRow("integer") << QStringLiteral("12") << qint64(1200);
    QTest::newRow("one decimal") << QStringLiteral("12.3") << qint64(1230);
    QTest::newRow("two decimals") << QStringLiteral("12.34") << qint64(1234);
    QTest::newRow("one fen") << QStringLiteral("0.01") << qint64(1);
    QTest::newRow("ten fen") << QStringLiteral("0.1") << qint64(10);
    QTest::newRow("trailing zeros") << QStringLiteral("5.00") << qint64(500);
    QTest::newRow("limit") << QStringLiteral("100000000.00") << qint64(10'000'000'000LL);
    QTest::newRow("limit no decimals") << QStringLiteral("100000000") << qint64(10'000'000'000LL);
    QTest::newRow("just below limit") << QStringLiteral("99999999.99") << qint64(9'999'999'999LL);
}

void TestMoney::parseAccepted()
{
    QFETCH(QString, text);
    QFETCH(qint64, fen);
    const auto money = Money::parse(text);
    QVERIFY2(money.ok(), qPrintable(money.ok() ? QString() : money.error().message()));
    QCOMPARE(money->fen(), fen);
}

void TestMoney::parseRejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << QStringLiteral("-1");
    QTest::newRow("zero") << QStringLiteral("0");
    QTest::newRow("zero with decimals") << QStringLiteral("0.00");
    QTest::newRow("three decimals") << QStringLiteral("0.001");
    QTest::newRow("three decimals, zero") << QStringLiteral("1.230");
    QTest::newRow("exponent") << QStringLiteral("1e3");
    QTest::newRow("thousands separator") << QStringLiteral("1,000");
    QTest::newRow("comma decimal") << QStringLiteral("12,34");
    QTest::newRow("empty") << QString();
    QTest::newRow("full-width digits") << QStringLiteral("\uFF11\uFF12");
    QTest::newRow("arabic-indic digits") << QStringLiteral("\u0661\u0662");
    QTest::newRow("over limit") << QStringLiteral("100000000.01");
    QTest::newRow("far over limit") << QStringLiteral("99999999999999999999999");
    QTest::newRow("plus sign") << QStringLiteral("+1");
    QTest::newRow("leading space") << QStringLiteral(" 1");
    QTest::newRow("trailing space") << QStringLiteral("1 ");
    QTest::newRow("trailing dot") << QStringLiteral("12.");
    QTest::newRow("leading dot") << QStringLiteral(".5");
    QTest::newRow("two dots") << QStringLiteral("1.2.3");
    QTest::newRow("leading zero") << QStringLiteral("012");
    QTest::newRow("yuan sign") << QStringLiteral("\u00a512");
    QTest::newRow("letters") << QStringLiteral("abc");
    QTest::newRow("hex") << QStringLiteral("0x10");
    QTest::newRow("nan") << QStringLiteral("nan");
    QTest::newRow("nul inside") << QString(QStringLiteral("1") + QChar(0) + QStringLiteral("2"));
}

void TestMoney::parseRejected()
{
    QFETCH(QString, text);
    const auto money = Money::parse(text);
    QVERIFY(!money.ok());
    QCOMPARE(money.error().category(), counterpay::Error::Category::Input);
    QVERIFY(!money.error().message().isEmpty());
}

void TestMoney::kinds()
{
    QCOMPARE(Money::parse(u"0.00", Money::Kind::NonNegative)->fen(), 0);
    QVERIFY(!Money::parse(u"-0.01", Money::Kind::NonNegative).ok());
    QCOMPARE(Money::parse(u"-5.00", Money::Kind::Signed)->fen(), -500);
    QCOMPARE(Money::parse(u"200000000.00", Money::Kind::NonNegative)->fen(), 20'000'000'000LL);
    QVERIFY(!Money::parse(u"--5", Money::Kind::Signed).ok());
    QVERIFY(!Money::parse(u"-", Money::Kind::Signed).ok());
}

void TestMoney::format_data()
{
    QTest::addColumn<qint64>("fen");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0.00");
    QTest::newRow("one fen") << qint64(1) << QStringLiteral("0.01");
    QTest::newRow("ten fen") << qint64(10) << QStringLiteral("0.10");
    QTest::newRow("yuan") << qint64(1200) << QStringLiteral("12.00");
    QTest::newRow("mixed") << qint64(1234) << QStringLiteral("12.34");
    QTest::newRow("negative") << qint64(-500) << QStringLiteral("-5.00");
    QTest::newRow("negative fen") << qint64(-7) << QStringLiteral("-0.07");
    QTest::newRow("limit") << qint64(10'000'000'000LL) << QStringLiteral("100000000.00");
    QTest::newRow("max") << std::numeric_limits<qint64>::max() << QStringLiteral("92233720368547758.07");
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << QStringLiteral("-92233720368547758.08");
}

void TestMoney::format()
{
    QFETCH(qint64, fen);
    QFETCH(QString, text);
    QCOMPARE(Money::fromFen(fen).toString(), text);
}

void TestMoney::roundTripEveryFenBelowTwoYuan()
{
    for (qint64 fen = 1; fen < 200; ++fen) {
        const Money money = Money::fromFen(fen);
        const auto parsed = Money::parse(money.toString());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->fen(), fen);
    }
}

void TestMoney::checkedArithmetic()
{
    const Money max = Money::fromFen(std::numeric_limits<qint64>::max());
    QVERIFY(!max.checkedAdd(Money::fromFen(1)).has_value());
    QCOMPARE(Money::fromFen(150).checkedAdd(Money::fromFen(250))->fen(), 400);
    QCOMPARE(Money::fromFen(150).checkedSub(Money::fromFen(250))->fen(), -100);
    QVERIFY(!Money::fromFen(std::numeric_limits<qint64>::min()).checkedSub(Money::fromFen(1)).has_value());
    QVERIFY(Money::fromFen(1) < Money::fromFen(2));
}

QTEST_GUILESS_MAIN(TestMoney)
#include "TestMoney.moc"
