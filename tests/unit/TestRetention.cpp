// Grandfather-father-son retention of backups, on lists of copies (no files).
#include "backup/Retention.h"

#include <QSet>
#include <QTest>

using namespace counterpay;
using backup::BackupFile;
using backup::Retention;
using backup::RetentionPolicy;

namespace {

QDateTime utc(int month, int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, minute), QTimeZone::utc());
}

BackupFile copyAt(const QDateTime& at)
{
    return BackupFile{at.toString(QStringLiteral("yyyyMMdd-HHmm")), at, 1};
}

QSet<QString> names(const QList<BackupFile>& files)
{
    QSet<QString> result;
    for (const BackupFile& file : files)
        result.insert(file.path);
    return result;
}

} // namespace

class TestRetention : public QObject
{
    Q_OBJECT

private slots:
    void aMonthOfHourlyCopies();
    void severalCopiesInOneHourKeepTheNewest();
    void gapsCountOnlyPeriodsWithCopies();
    void theShopsTimeZoneDecidesTheDay();
    void nothingToPrune();
};

// November 2026, a copy every hour (720). 30 November is a Monday.
void TestRetention::aMonthOfHourlyCopies()
{
    QList<BackupFile> copies;
    for (QDateTime at = utc(11, 1, 0); at <= utc(11, 30, 23); at = at.addSecs(3600))
        copies.append(copyAt(at));
    QCOMPARE(copies.size(), 720);
    const Retention::Split split = Retention::split(copies, RetentionPolicy{24, 7, 4, QTimeZone::utc()});

    QSet<QString> expected;
    for (int hour = 0; hour < 24; ++hour) // sons: the last 24 hours
        expected.insert(copyAt(utc(11, 30, hour)).path);
    for (int day = 24; day <= 29; ++day) // fathers: the last copy of the 6 days before (the 30th is one)
        expected.insert(copyAt(utc(11, day, 23)).path);
    // Grandfathers: the weeks of the 30th (Monday only) and 23–29 are kept already; then 16–22 and 9–15.
    expected.insert(copyAt(utc(11, 22, 23)).path);
    expected.insert(copyAt(utc(11, 15, 23)).path);
    QCOMPARE(names(split.keep), expected);
    QCOMPARE(split.keep.size(), 32);
    QCOMPARE(split.remove.size(), 720 - 32);
    // Newest first.
    QCOMPARE(split.keep.first().takenAt, utc(11, 30, 23));
    QCOMPARE(split.keep.last().takenAt, utc(11, 15, 23));
}

void TestRetention::severalCopiesInOneHourKeepTheNewest()
{
    const QList<BackupFile> copies{copyAt(utc(11, 30, 10, 5)), copyAt(utc(11, 30, 10, 50)), copyAt(utc(11, 30, 10, 20)),
                                   copyAt(utc(11, 30, 9, 59))};
    const Retention::Split split = Retention::split(copies, RetentionPolicy{2, 0, 0, QTimeZone::utc()});
    QCOMPARE(names(split.keep), (QSet<QString>{copyAt(utc(11, 30, 10, 50)).path, copyAt(utc(11, 30, 9, 59)).path}));
    QCOMPARE(split.remove.size(), 2);
}

// A till switched off for days: the periods counted are those with a copy, so old copies are not all
// thrown away when the shop opens again.
void TestRetention::gapsCountOnlyPeriodsWithCopies()
{
    const QList<BackupFile> copies{copyAt(utc(11, 30, 9)), copyAt(utc(11, 20, 18)), copyAt(utc(11, 20, 17)),
                                   copyAt(utc(11, 10, 18))};
    const Retention::Split split = Retention::split(copies, RetentionPolicy{1, 3, 0, QTimeZone::utc()});
    QCOMPARE(names(split.keep),
             (QSet<QString>{copyAt(utc(11, 30, 9)).path, copyAt(utc(11, 20, 18)).path, copyAt(utc(11, 10, 18)).path}));
    QCOMPARE(names(split.remove), (QSet<QString>{copyAt(utc(11, 20, 17)).path}));
}

void TestRetention::theShopsTimeZoneDecidesTheDay()
{
    // 15:30 and 16:30 UTC on the 29th are the 29th and the 30th in China (UTC+8).
    const QList<BackupFile> copies{copyAt(utc(11, 29, 16, 30)), copyAt(utc(11, 29, 15, 30)),
                                   copyAt(utc(11, 29, 14, 30))};
    const QTimeZone china("Asia/Shanghai");
    QVERIFY(china.isValid());
    Retention::Split split = Retention::split(copies, RetentionPolicy{1, 2, 0, china});
    QCOMPARE(names(split.keep), (QSet<QString>{copyAt(utc(11, 29, 16, 30)).path, copyAt(utc(11, 29, 15, 30)).path}));
    split = Retention::split(copies, RetentionPolicy{1, 2, 0, QTimeZone::utc()});
    QCOMPARE(names(split.keep), (QSet<QString>{copyAt(utc(11, 29, 16, 30)).path}));
}

void TestRetention::nothingToPrune()
{
    const Retention::Split split = Retention::split({}, RetentionPolicy{});
    QVERIFY(split.keep.isEmpty());
    QVERIFY(split.remove.isEmpty());
}

QTEST_GUILESS_MAIN(TestRetention)
#include "TestRetention.moc"
