#include "alipay/Timestamp.h"

#include <QTest>
#include <QTimeZone>

#include <ctime>

using counterpay::alipay::Timestamp;

namespace {

// The machine's zone comes from TZ; Qt reads it again on each conversion once tzset() ran.
class ScopedZone
{
public:
    explicit ScopedZone(const QByteArray& zone)
        : m_saved(qgetenv("TZ"))
        , m_hadZone(qEnvironmentVariableIsSet("TZ"))
    {
        qputenv("TZ", zone);
        tzset();
    }
    ~ScopedZone()
    {
        if (m_hadZone)
            qputenv("TZ", m_saved);
        else
            qunsetenv("TZ");
        tzset();
    }
    ScopedZone(const ScopedZone&) = delete;
    ScopedZone& operator=(const ScopedZone&) = delete;

private:
    QByteArray m_saved;
    bool m_hadZone;
};

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

const QList<QByteArray>& zones()
{
    // UTC servers (the classic isv.invalid-timestamp), China itself, far west and far east of it,
    // half-hour offsets, and zones with daylight saving time on both hemispheres.
    static const QList<QByteArray> list{
        "UTC",          "Asia/Shanghai",      "America/Los_Angeles", "Pacific/Pago_Pago", "Pacific/Kiritimati",
        "Asia/Kolkata", "Australia/Adelaide", "Europe/London",       "America/St_Johns",  "<+0330>-3:30"};
    return list;
}

} // namespace

class TestTimestamp : public QObject
{
    Q_OBJECT

private slots:
    void zonesReallyChange();
    void format_data();
    void format();
    void formatNowAgreesWithUtc();
    void parseAccepted_data();
    void parseAccepted();
    void parseRejected_data();
    void parseRejected();
    void roundTrip();
};

void TestTimestamp::zonesReallyChange()
{
    // Guards the other tests: each TZ must really move the machine's local time.
    const QDateTime instant = utc(2024, 5, 1, 4, 34, 56);
    const QList<std::pair<QByteArray, QTime>> expected{{"UTC", QTime(4, 34, 56)},
                                                       {"Asia/Kolkata", QTime(10, 4, 56)},
                                                       {"Pacific/Kiritimati", QTime(18, 34, 56)},
                                                       {"America/Los_Angeles", QTime(21, 34, 56)}};
    for (const auto& [zone, time] : expected) {
        const ScopedZone scoped(zone);
        QCOMPARE(instant.toLocalTime().time(), time);
    }
}

void TestTimestamp::format_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDateTime>("instant");
    QTest::addColumn<QString>("expected");
    struct Case
    {
        const char* name;
        QDateTime instant;
        const char* expected;
    };
    const QList<Case> cases{
        {"midday", utc(2024, 5, 1, 4, 34, 56), "2024-05-01 12:34:56"},
        {"UTC evening is the next day in China", utc(2023, 12, 31, 16, 0, 0), "2024-01-01 00:00:00"},
        {"last second before China's midnight", utc(2023, 12, 31, 15, 59, 59), "2023-12-31 23:59:59"},
        {"leap day", utc(2024, 2, 28, 16, 30, 0), "2024-02-29 00:30:00"},
        {"milliseconds are cut, not rounded", utc(2024, 5, 1, 4, 34, 56, 999), "2024-05-01 12:34:56"},
        {"US daylight saving starts", utc(2024, 3, 10, 10, 30, 0), "2024-03-10 18:30:00"},
        {"Europe daylight saving ends", utc(2024, 10, 27, 1, 30, 0), "2024-10-27 09:30:00"},
        {"Unix epoch", utc(1970, 1, 1, 0, 0, 0), "1970-01-01 08:00:00"},
        {"far future", utc(2099, 12, 31, 16, 0, 0), "2100-01-01 00:00:00"},
    };
    for (const QByteArray& zone : zones()) {
        for (const Case& c : cases)
            QTest::addRow("%s, %s", zone.constData(), c.name) << zone << c.instant << QString::fromLatin1(c.expected);
    }
}

void TestTimestamp::format()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDateTime, instant);
    QFETCH(QString, expected);
    const ScopedZone scoped(zone);
    QCOMPARE(Timestamp::format(instant), expected);
    // The same instant as the machine's local time, and in an unrelated zone, formats the same.
    const QDateTime local = instant.toLocalTime();
    QCOMPARE(local.timeSpec(), Qt::LocalTime);
    QCOMPARE(local, instant);
    QCOMPARE(Timestamp::format(local), expected);
    QCOMPARE(Timestamp::format(instant.toTimeZone(QTimeZone("America/New_York"))), expected);
    QCOMPARE(Timestamp::format(instant.toOffsetFromUtc(-3600 * 7)), expected);
}

void TestTimestamp::formatNowAgreesWithUtc()
{
    for (const QByteArray& zone : zones()) {
        const ScopedZone scoped(zone);
        const QDateTime now = QDateTime::currentDateTime();
        const QDateTime china = QDateTime(now.toUTC().date(), now.toUTC().time(), Qt::UTC).addSecs(8 * 3600);
        QCOMPARE(Timestamp::format(now), china.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }
}

void TestTimestamp::parseAccepted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("instant");
    QTest::newRow("midday") << QStringLiteral("2024-05-01 12:34:56") << utc(2024, 5, 1, 4, 34, 56);
    QTest::newRow("China's midnight is UTC's afternoon")
        << QStringLiteral("2024-01-01 00:00:00") << utc(2023, 12, 31, 16, 0, 0);
    QTest::newRow("leap day") << QStringLiteral("2024-02-29 07:59:59") << utc(2024, 2, 28, 23, 59, 59);
    QTest::newRow("last second of the day") << QStringLiteral("2024-12-31 23:59:59") << utc(2024, 12, 31, 15, 59, 59);
    QTest::newRow("a local DST gap elsewhere") << QStringLiteral("2024-03-10 02:30:00") << utc(2024, 3, 9, 18, 30, 0);
}

void TestTimestamp::parseAccepted()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, instant);
    for (const QByteArray& zone : zones()) {
        const ScopedZone scoped(zone);
        const auto parsed = Timestamp::parse(text);
        QVERIFY2(parsed.has_value(), zone.constData());
        QCOMPARE(*parsed, instant);
        QCOMPARE(parsed->toMSecsSinceEpoch(), instant.toMSecsSinceEpoch());
    }
}

void TestTimestamp::parseRejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("date only") << QStringLiteral("2024-05-01");
    QTest::newRow("no seconds") << QStringLiteral("2024-05-01 12:34");
    QTest::newRow("milliseconds") << QStringLiteral("2024-05-01 12:34:56.000");
    QTest::newRow("ISO T") << QStringLiteral("2024-05-01T12:34:56");
    QTest::newRow("ISO with zone") << QStringLiteral("2024-05-01T12:34:56+08:00");
    QTest::newRow("slashes") << QStringLiteral("2024/05/01 12:34:56");
    QTest::newRow("single-digit month and day") << QStringLiteral("2024-5-1 12:34:56");
    QTest::newRow("single-digit hour") << QStringLiteral("2024-05-01 2:34:56");
    QTest::newRow("blank instead of a digit") << QStringLiteral("2024-05-01  2:34:56");
    QTest::newRow("leading blank") << QStringLiteral(" 2024-05-01 12:34:56");
    QTest::newRow("trailing blank") << QStringLiteral("2024-05-01 12:34:56 ");
    QTest::newRow("trailing newline") << QStringLiteral("2024-05-01 12:34:56\n");
    QTest::newRow("two blanks") << QStringLiteral("2024-05-01  12:34:56");
    QTest::newRow("month 13") << QStringLiteral("2024-13-01 00:00:00");
    QTest::newRow("month 00") << QStringLiteral("2024-00-10 00:00:00");
    QTest::newRow("day 00") << QStringLiteral("2024-05-00 00:00:00");
    QTest::newRow("February 30") << QStringLiteral("2024-02-30 00:00:00");
    QTest::newRow("February 29 in a common year") << QStringLiteral("2023-02-29 00:00:00");
    QTest::newRow("hour 24") << QStringLiteral("2024-05-01 24:00:00");
    QTest::newRow("minute 60") << QStringLiteral("2024-05-01 23:60:00");
    QTest::newRow("leap second") << QStringLiteral("2016-12-31 23:59:60");
    QTest::newRow("full-width digits") << QStringLiteral(u"２０２４-05-01 12:34:56");
    QTest::newRow("Arabic-Indic digits") << QStringLiteral(u"٢٠٢٤-05-01 12:34:56");
    QTest::newRow("signed year") << QStringLiteral("+2024-05-01 12:34:56");
    QTest::newRow("letters") << QStringLiteral("yyyy-MM-dd HH:mm:ss");
    QTest::newRow("full-width colon") << QStringLiteral(u"2024-05-01 12：34:56");
}

void TestTimestamp::parseRejected()
{
    QFETCH(QString, text);
    QVERIFY(!Timestamp::parse(text).has_value());
}

void TestTimestamp::roundTrip()
{
    for (const QByteArray& zone : zones()) {
        const ScopedZone scoped(zone);
        // Every hour of a year that has both hemispheres' DST switches.
        for (QDateTime instant = utc(2024, 1, 1, 0, 17, 42); instant.date().year() == 2024;
             instant = instant.addSecs(3600)) {
            const QString text = Timestamp::format(instant);
            const auto parsed = Timestamp::parse(text);
            QVERIFY2(parsed.has_value(), qPrintable(text));
            QCOMPARE(*parsed, instant);
        }
    }
}

QTEST_GUILESS_MAIN(TestTimestamp)
#include "TestTimestamp.moc"
