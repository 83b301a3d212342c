// bench_history: the history screen's queries, the day report and the closed-day check on a big book
// (make_book), each run N times, beside the same SQL run by the sqlite3 command line on the same file.
//
//   bench_history BOOK [--runs 50] [--sqlite3 PATH]
//
// Ours: wall-clock and thread CPU time of each call through the product's API (OrderStore,
// DayReporter, DayCloses), Qt's binding and row building included. The limit: sqlite3 runs the very
// SQL text (values written in) in one warm process with `.timer on` and output to /dev/null; its
// "user + sys" per statement is the CPU SQLite itself needs. See README.md for why CPU time is the
// fair pair on a shared machine.
#include "BookShape.h"

#include "alipay/ChinaTime.h"
#include "report/DayCloses.h"
#include "report/DayReporter.h"
#include "store/OrderRows.h"
#include "store/OrderStore.h"
#include "store/SqlConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <random>

using namespace counterpay;

namespace {

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Stats
{
    double median = 0;
    double p90 = 0;
};

Stats stats(QList<double> values)
{
    if (values.isEmpty())
        return {};
    std::sort(values.begin(), values.end());
    const auto at = [&](double q) { return values[qsizetype(std::min<double>(values.size() - 1, q * values.size()))]; };
    return {values.size() % 2 ? values[values.size() / 2]
                              : (values[values.size() / 2 - 1] + values[values.size() / 2]) / 2,
            at(0.9)};
}

QString quoted(const QString& text)
{
    QString escaped = text;
    escaped.replace(u'\'', QStringLiteral("''"));
    return u'\'' + escaped + u'\'';
}

QString ms(const QDateTime& t)
{
    return QString::number(t.toMSecsSinceEpoch());
}

// One measured case: a call through the product, and the SQL statements it runs for run `i`.
struct Case
{
    QString name;
    double goalMs = 0; // 0: no goal
    std::function<bool(int)> ours;
    std::function<QStringList(int)> sql;
};

struct Samples
{
    QList<double> wall;
    QList<double> cpu;
    QList<double> sqliteCpu;
};

QString kbLine(const char* key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return QString::fromLatin1(line.mid(qsizetype(qstrlen(key))).trimmed());
    }
    return {};
}

// Runs the statements of every run in one sqlite3 process; returns user + sys ms per run, or an
// empty list when sqlite3 is not there or fails.
QList<double> sqliteRuns(const QString& sqlite3, const QString& book, const Case& c, int runs)
{
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("case.sql")));
    if (!script.open(QIODevice::WriteOnly))
        return {};
    QList<int> perRun;
    QByteArray text = ".timer on\n.output /dev/null\n";
    for (int i = -1; i < runs; ++i) { // run -1 warms the cache, as ours does
        const QStringList statements = c.sql(i < 0 ? 0 : i);
        perRun << int(statements.size());
        for (const QString& statement : statements)
            text += statement.toUtf8() + ";\n";
    }
    script.write(text);
    script.close();
    QProcess process;
    process.setStandardInputFile(script.fileName());
    process.start(sqlite3, {book});
    if (!process.waitForFinished(600'000) || process.exitCode() != 0) {
        std::fprintf(stderr, "sqlite3 failed on %s: %s\n", qPrintable(c.name),
                     process.readAllStandardError().constData());
        return {};
    }
    static const QRegularExpression timing(QStringLiteral("Run Time: real [0-9.]+ user ([0-9.]+) sys ([0-9.]+)"));
    QList<double> perStatement;
    for (auto match = timing.globalMatch(QString::fromUtf8(process.readAllStandardOutput())); match.hasNext();) {
        const auto m = match.next();
        perStatement << (m.captured(1).toDouble() + m.captured(2).toDouble()) * 1000.0;
    }
    QList<double> result;
    qsizetype at = 0;
    for (qsizetype run = 0; run < perRun.size(); ++run) {
        double sum = 0;
        for (int k = 0; k < perRun[run]; ++k)
            sum += at < perStatement.size() ? perStatement[at++] : 0;
        if (run > 0)
            result << sum;
    }
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("book"), QStringLiteral("an order book made by make_book"));
    parser.addOption(
        {QStringLiteral("runs"), QStringLiteral("runs of each case"), QStringLiteral("N"), QStringLiteral("50")});
    parser.addOption({QStringLiteral("sqlite3"), QStringLiteral("the sqlite3 command line"), QStringLiteral("PATH"),
                      QStringLiteral("sqlite3")});
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QString book = parser.positionalArguments().first();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const QString sqlite3 = QStandardPaths::findExecutable(parser.value(QStringLiteral("sqlite3")));
    if (!QFile::exists(book)) {
        std::fprintf(stderr, "bench_history: no book at %s (make it with make_book)\n", qPrintable(book));
        return 2;
    }

    QElapsedTimer openTimer;
    openTimer.start();
    auto opened = store::OrderStore::open(book);
    if (!opened) {
        std::fprintf(stderr, "bench_history: %s\n", qPrintable(opened.error().toString()));
        return 8;
    }
    const double openMs = double(openTimer.nsecsElapsed()) / 1e6;
    store::OrderStore& store = **opened;
    store::SqlConnection& sql = store.connection();

    // The busiest day, some orders to look up, and "today" (the day after the book's last).
    auto busiest = sql.select(QStringLiteral("SELECT (created_at + 28800000) / 86400000 AS d, COUNT(*) FROM orders "
                                             "GROUP BY d ORDER BY 2 DESC LIMIT 1"));
    if (!busiest || busiest->isEmpty()) {
        std::fprintf(stderr, "bench_history: the book is empty\n");
        return 8;
    }
    const QDate busyDay = QDate(1970, 1, 1).addDays(busiest->first().value(0).toLongLong());
    const qint64 busyCount = busiest->first().value(1).toLongLong();
    const qint64 orderCount = *store.count();
    const QDate today = bench::lastBookDay().addDays(1);
    std::mt19937_64 random(7);
    QStringList outTradeNos;
    QStringList tradeNos;
    while (outTradeNos.size() < runs + 1 || tradeNos.size() < runs + 1) {
        auto row = sql.select(QStringLiteral("SELECT out_trade_no, trade_no FROM orders WHERE id = ?"),
                              {qint64(random() % quint64(orderCount)) + 1});
        if (!row || row->isEmpty())
            continue;
        if (outTradeNos.size() < runs + 1)
            outTradeNos << row->first().value(0).toString();
        if (!row->first().value(1).toString().isEmpty() && tradeNos.size() < runs + 1)
            tradeNos << row->first().value(1).toString();
    }

    const QString columns = store::OrderRows::orderColumns();
    const QString dayStart = ms(alipay::ChinaTime::startOfDay(busyDay));
    const QString dayEnd = ms(alipay::ChinaTime::endOfDay(busyDay));
    const QString dayBefore = ms(alipay::ChinaTime::startOfDay(busyDay.addDays(-1)));
    const auto listed = [&](const store::OrderFilter& filter) {
        auto list = store.list(filter);
        return list.ok() && !list->isEmpty();
    };
    store::OrderFilter firstPage;
    firstPage.newestFirst = true;
    firstPage.limit = 50;
    store::OrderFilter dayPage = firstPage;
    dayPage.businessDay = busyDay;
    store::OrderFilter paidPage = dayPage;
    paidPage.states = {store::OrderState::Paid, store::OrderState::PartiallyRefunded, store::OrderState::Refunded};
    const auto lookup = [&](const QString& number) {
        store::OrderFilter filter = firstPage;
        filter.number = number;
        auto list = store.list(filter);
        return list.ok() && list->size() == 1;
    };
    const auto lookupSql = [&](const QString& number) -> QString {
        return QStringLiteral("SELECT ") + columns +
               QStringLiteral(" FROM orders o WHERE o.id IN (SELECT id FROM orders WHERE out_trade_no = %1 UNION ALL "
                              "SELECT id FROM orders WHERE trade_no = %1) ORDER BY o.created_at DESC, o.id DESC "
                              "LIMIT 50 OFFSET 0")
                   .arg(quoted(number));
    };
    const QString takenToday =
        QStringLiteral("COALESCE(paid_at, created_at) >= %1 AND COALESCE(paid_at, created_at) < %2")
            .arg(dayStart, dayEnd);
    const QString byCancel =
        QStringLiteral("state = 'refunded' AND updated_at >= %1 AND updated_at < %2 AND NOT EXISTS "
                       "(SELECT 1 FROM refunds r WHERE r.order_id = orders.id)")
            .arg(dayStart, dayEnd);
    const QStringList daySql{
        QStringLiteral("SELECT pay_mode, state, ((COALESCE(paid_at, created_at) + 28800000) / 3600000) %% 24, "
                       "SUM(CASE WHEN created_at >= %1 THEN 1 ELSE 0 END), SUM(CASE WHEN %2 THEN 1 ELSE 0 END), "
                       "SUM(CASE WHEN %2 THEN total_fen ELSE 0 END), SUM(CASE WHEN %3 THEN 1 ELSE 0 END), "
                       "SUM(CASE WHEN %3 THEN refunded_fen ELSE 0 END) FROM orders WHERE created_at >= %4 AND "
                       "created_at < %5 GROUP BY 1, 2, 3")
            .arg(dayStart, takenToday, byCancel, dayBefore, dayEnd)
            .replace(QStringLiteral("%%"), QStringLiteral("%")),
        QStringLiteral("SELECT o.pay_mode, COUNT(*), SUM(r.amount_fen) FROM refunds r JOIN orders o ON o.id = "
                       "r.order_id WHERE r.done_at >= %1 AND r.done_at < %2 AND r.state = 'done' GROUP BY o.pay_mode")
            .arg(dayStart, dayEnd),
        QStringLiteral("SELECT out_trade_no FROM orders WHERE created_at >= %1 AND created_at < %2 ORDER BY "
                       "created_at, id LIMIT 1")
            .arg(dayStart, dayEnd),
        QStringLiteral("SELECT out_trade_no FROM orders WHERE created_at >= %1 AND created_at < %2 ORDER BY "
                       "created_at DESC, id DESC LIMIT 1")
            .arg(dayStart, dayEnd),
    };
    // DayCloses' walk back: one MAX(created_at) and one close lookup per day, from today back to the
    // unclosed one.
    QStringList walkSql;
    for (QDate day = today.addDays(-1); day >= bench::lastBookDay().addDays(-bench::kUnclosedDaysBack);
         day = day.addDays(-1)) {
        walkSql << QStringLiteral("SELECT MAX(created_at) FROM orders WHERE created_at < %1")
                       .arg(ms(alipay::ChinaTime::startOfDay(day.addDays(1))))
                << QStringLiteral("SELECT closed_at, closed_by, summary FROM day_closes WHERE business_day = '%1'")
                       .arg(day.toString(Qt::ISODate));
    }
    report::DayCloses closes(sql, Clock::system());

    QList<Case> cases{
        {QStringLiteral("first page (newest 50)"), 20, [&](int) { return listed(firstPage); },
         [&](int) {
             return QStringList{
                 QStringLiteral("SELECT ") + columns +
                 QStringLiteral(" FROM orders o ORDER BY o.created_at DESC, o.id DESC LIMIT 50 OFFSET 0")};
         }},
        {QStringLiteral("first page of a busy day"), 20, [&](int) { return listed(dayPage); },
         [&](int) {
             return QStringList{QStringLiteral("SELECT ") + columns +
                                QStringLiteral(" FROM orders o WHERE o.created_at >= %1 AND o.created_at < %2 ORDER BY "
                                               "o.created_at DESC, o.id DESC LIMIT 50 OFFSET 0")
                                    .arg(dayStart, dayEnd)};
         }},
        {QStringLiteral("paid orders of a busy day, first page"), 20, [&](int) { return listed(paidPage); },
         [&](int) {
             return QStringList{QStringLiteral("SELECT ") + columns +
                                QStringLiteral(" FROM orders o WHERE o.created_at >= %1 AND o.created_at < %2 AND "
                                               "+o.state IN ('paid', 'partially_refunded', 'refunded') ORDER BY "
                                               "o.created_at DESC, o.id DESC LIMIT 50 OFFSET 0")
                                    .arg(dayStart, dayEnd)};
         }},
        {QStringLiteral("count, whole book (pager)"), 0, [&](int) { return store.count({}).ok(); },
         [&](int) { return QStringList{QStringLiteral("SELECT COUNT(*) FROM orders o")}; }},
        {QStringLiteral("count, busy day (pager)"), 0, [&](int) { return store.count(dayPage).ok(); },
         [&](int) {
             return QStringList{QStringLiteral("SELECT COUNT(*) FROM orders o WHERE o.created_at >= %1 AND "
                                               "o.created_at < %2")
                                    .arg(dayStart, dayEnd)};
         }},
        {QStringLiteral("lookup by out_trade_no"), 2, [&](int i) { return lookup(outTradeNos[i]); },
         [&](int i) { return QStringList{lookupSql(outTradeNos[i])}; }},
        {QStringLiteral("lookup by trade_no"), 2, [&](int i) { return lookup(tradeNos[i]); },
         [&](int i) { return QStringList{lookupSql(tradeNos[i])}; }},
        {QStringLiteral("day report, busy day"), 50, [&](int) { return report::DayReporter::build(sql, busyDay).ok(); },
         [&](int) { return daySql; }},
        {QStringLiteral("last unclosed day"), 0,
         [&](int) {
             auto found = closes.lastUnclosedBefore(today);
             return found.ok() && found->has_value();
         },
         [&](int) { return walkSql; }},
    };

    bool ok = true;
    QList<Samples> samples(cases.size());
    for (qsizetype n = 0; n < cases.size(); ++n) {
        ok = cases[n].ours(runs) && ok; // warm-up: statements prepared, pages cached
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer timer;
            const double cpuStart = threadCpuMs();
            timer.start();
            ok = cases[n].ours(i) && ok;
            samples[n].wall << double(timer.nsecsElapsed()) / 1e6;
            samples[n].cpu << threadCpuMs() - cpuStart;
        }
    }
    const QString hwm = kbLine("VmHWM:");
    const QString rss = kbLine("VmRSS:");
    if (!sqlite3.isEmpty()) {
        for (qsizetype n = 0; n < cases.size(); ++n)
            samples[n].sqliteCpu = sqliteRuns(sqlite3, book, cases[n], runs);
    }

    std::printf("book: %s, %lld orders; busy day %s (%lld orders); OrderStore::open %.0f ms; %d runs each\n",
                qPrintable(book), static_cast<long long>(orderCount), qPrintable(busyDay.toString(Qt::ISODate)),
                static_cast<long long>(busyCount), openMs, runs);
    std::printf("plan, first page: %s\n", qPrintable(store.listPlan(firstPage)->join(QStringLiteral(" / "))));
    store::OrderFilter numberFilter = firstPage;
    numberFilter.number = outTradeNos.first();
    std::printf("plan, lookup:     %s\n\n", qPrintable(store.listPlan(numberFilter)->join(QStringLiteral(" / "))));
    std::printf("| case | ours wall median (p90) ms | ours CPU median ms | sqlite3 CPU median (p90) ms | ratio CPU "
                "ours/sqlite3 | goal |\n|---|---|---|---|---|---|\n");
    for (qsizetype n = 0; n < cases.size(); ++n) {
        const Case& c = cases[n];
        const Stats wall = stats(samples[n].wall);
        const Stats cpu = stats(samples[n].cpu);
        const Stats base = stats(samples[n].sqliteCpu);
        const QString ratio = base.median > 0 ? QString::number(cpu.median / base.median, 'f', 2) : QStringLiteral("-");
        const QString goal = c.goalMs > 0
                                 ? QStringLiteral("< %1 ms: %2")
                                       .arg(c.goalMs)
                                       .arg(wall.median < c.goalMs ? QStringLiteral("met") : QStringLiteral("MISSED"))
                                 : QStringLiteral("-");
        std::printf("| %s | %.3f (%.3f) | %.3f | %.3f (%.3f) | %s | %s |\n", qPrintable(c.name), wall.median, wall.p90,
                    cpu.median, base.median, base.p90, qPrintable(ratio), qPrintable(goal));
    }
    std::printf("\nbench_history memory after the runs: VmHWM %s, VmRSS %s\n", qPrintable(hwm), qPrintable(rss));
    if (sqlite3.isEmpty())
        std::printf("(no sqlite3 found: no baseline column)\n");
    if (!ok) {
        std::fprintf(stderr, "bench_history: a call failed or found nothing\n");
        return 1;
    }
    return 0;
}
