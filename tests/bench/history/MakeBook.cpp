// make_book: a big, realistic order book for bench_history. The schema is the real one (the file is
// created by OrderStore::open); the rows are bulk INSERTs, one transaction per business day.
//
//   make_book FILE [--orders 1000000] [--days 120]
//
// Refuses to touch an existing FILE. Prints how long it took and the busiest day.
#include "BookShape.h"

#include "alipay/ChinaTime.h"
#include "store/OrderRows.h"
#include "store/OrderState.h"
#include "store/OrderStore.h"
#include "store/Refund.h"
#include "store/SqlConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

using namespace counterpay;
using store::OrderState;

namespace {

constexpr int kTerminals = 8;
constexpr int kCashiersPerTerminal = 3;
const QString kAppId = QStringLiteral("2021000122671234");

struct Generator
{
    std::mt19937_64 random{20261126};

    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(random); }
    qint64 between(qint64 low, qint64 high) { return std::uniform_int_distribution<qint64>(low, high)(random); }

    // Most tickets are 10 to 60 yuan; a few are large.
    qint64 amountFen()
    {
        const double yuan = std::lognormal_distribution<double>(std::log(28.0), 0.8)(random);
        return std::clamp<qint64>(qint64(std::llround(yuan * 10)) * 10, 100, 200'000);
    }

    // A shop's day: a breakfast start, lunch and dinner peaks, 07:00 to 23:00 China time.
    int hour()
    {
        static const std::array<double, 24> weights{0,  0, 0, 0, 0, 0, 0,  2,  5, 6, 6, 9,
                                                    12, 9, 5, 5, 5, 8, 12, 10, 7, 4, 2, 0};
        static std::discrete_distribution<int> pick(weights.begin(), weights.end());
        return pick(random);
    }
};

// How many orders each day gets: weekends busier, then scaled to the total asked for.
QList<qint64> ordersPerDay(QDate first, int days, qint64 total)
{
    QList<double> weights;
    double sum = 0;
    for (int i = 0; i < days; ++i) {
        const int weekday = first.addDays(i).dayOfWeek();
        const double weight = weekday >= 6 ? 1.35 : weekday == 5 ? 1.15 : 0.9;
        weights << weight;
        sum += weight;
    }
    QList<qint64> counts;
    qint64 given = 0;
    for (int i = 0; i < days; ++i) {
        const qint64 count = i + 1 == days ? total - given : qint64(std::llround(total * weights[i] / sum));
        counts << count;
        given += count;
    }
    return counts;
}

Result<void> writeDay(store::SqlConnection& sql, Generator& gen, QDate day, qint64 orders, bool lastDay,
                      qint64& tradeCounter)
{
    QList<qint64> times;
    times.reserve(orders);
    const qint64 midnight = alipay::ChinaTime::startOfDay(day).toMSecsSinceEpoch();
    for (qint64 i = 0; i < orders; ++i)
        times << midnight + gen.hour() * 3'600'000LL + gen.between(0, 3'599'999);
    std::sort(times.begin(), times.end());
    std::array<int, kTerminals> sequence{};
    const QString dayText = day.toString(QStringLiteral("yyyyMMdd"));

    for (qint64 createdAt : std::as_const(times)) {
        const int terminal = int(gen.between(0, kTerminals - 1));
        const QString terminalId = QStringLiteral("T%1").arg(terminal + 1, 2, 10, QChar(u'0'));
        const QString cashierId = QStringLiteral("c%1").arg(
            terminal * kCashiersPerTerminal + int(gen.between(1, kCashiersPerTerminal)), 2, 10, QChar(u'0'));
        const QString outTradeNo =
            terminalId + u'-' + dayText + u'-' + QString::number(++sequence[terminal]).rightJustified(6, u'0');
        const bool qr = gen.uniform() < 0.6;
        const qint64 fen = gen.amountFen();

        const double roll = gen.uniform();
        OrderState state = OrderState::Paid;
        if (roll < 0.015)
            state = OrderState::Refunded;
        else if (roll < 0.03)
            state = OrderState::PartiallyRefunded;
        else if (roll < 0.89)
            state = OrderState::Paid;
        else if (roll < 0.95)
            state = OrderState::Closed;
        else
            state = OrderState::Failed;
        if (lastDay && gen.uniform() < 0.002) // a few still open on the last day
            state = qr ? OrderState::AwaitingScan : OrderState::Unknown;

        const bool paid =
            state == OrderState::Paid || state == OrderState::PartiallyRefunded || state == OrderState::Refunded;
        const qint64 paidAt = paid ? createdAt + gen.between(3'000, 60'000) : 0;
        qint64 refundedFen = 0;
        if (state == OrderState::Refunded)
            refundedFen = fen;
        else if (state == OrderState::PartiallyRefunded)
            refundedFen = std::clamp<qint64>(fen * gen.between(10, 90) / 100, 1, fen - 1);
        const qint64 settledAt = paid ? paidAt : createdAt + gen.between(5'000, 300'000);
        const QString tradeNo =
            paid ? dayText + QStringLiteral("22001") + QString::number(++tradeCounter).rightJustified(15, u'0')
                 : QString();

        auto id = sql.insert(
            QStringLiteral(
                "INSERT INTO orders (out_trade_no, app_id, total_fen, refunded_fen, subject, pay_mode, state, "
                "trade_no, buyer_logon_id, buyer_user_id_masked, terminal_id, cashier_id, qr_code, reason, "
                "created_at, updated_at, paid_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {outTradeNo, kAppId, fen, refundedFen, QStringLiteral("门店消费"),
             qr ? QStringLiteral("qr") : QStringLiteral("barcode"), store::orderStateName(state), tradeNo,
             paid ? QStringLiteral("138****%1").arg(gen.between(1000, 9999)) : QString(),
             paid ? QStringLiteral("2088****%1").arg(gen.between(1000, 9999)) : QString(), terminalId, cashierId,
             qr ? QStringLiteral("https://qr.alipay.com/bax0%1").arg(gen.between(1LL << 40, 1LL << 50), 0, 36)
                : QString(),
             state == OrderState::Failed ? QStringLiteral("ACQ.BUYER_BALANCE_NOT_ENOUGH") : QString(), createdAt,
             std::max(settledAt, createdAt), paid ? QVariant(paidAt) : QVariant(), createdAt + 300'000});
        if (!id)
            return id.error();
        const auto event = [&](qint64 at, OrderState from, OrderState to, const QString& source,
                               const QString& note) -> Result<qint64> {
            return sql.insert(QStringLiteral("INSERT INTO order_events (order_id, happened_at, from_state, to_state, "
                                             "source, code, sub_code, note) VALUES (?, ?, ?, ?, ?, '', '', ?)"),
                              {*id, at, store::orderStateName(from), store::orderStateName(to), source, note});
        };
        if (auto e = event(createdAt, OrderState::Created, OrderState::Created, QStringLiteral("cashier"),
                           QStringLiteral("created"));
            !e)
            return e.error();
        const OrderState settled = paid ? OrderState::Paid : state;
        if (settled != OrderState::AwaitingScan) {
            if (auto e = event(settledAt, OrderState::Created, settled, QStringLiteral("query"), QString()); !e)
                return e.error();
        }
        if (refundedFen > 0) {
            // A third of the refunds are made on a later day than the sale.
            const qint64 requested = paidAt + (gen.uniform() < 0.33 ? gen.between(86'400'000, 3 * 86'400'000)
                                                                    : gen.between(60'000, 7'200'000));
            const qint64 done = requested + gen.between(500, 3'000);
            if (auto r = sql.insert(QStringLiteral("INSERT INTO refunds (order_id, out_request_no, amount_fen, state, "
                                                   "authorised_by, reason, created_at, done_at) "
                                                   "VALUES (?, ?, ?, ?, 'manager', 'returned', ?, ?)"),
                                    {*id, QString(outTradeNo + QStringLiteral("-R1")), refundedFen,
                                     store::refundStateName(store::Refund::State::Done), requested, done});
                !r)
                return r.error();
            if (auto e = event(done, OrderState::Paid, state, QStringLiteral("manager"),
                               QStringLiteral("refund %1-R1").arg(outTradeNo));
                !e)
                return e.error();
        }
    }
    return {};
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Writes a big order book for bench_history."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("the order book to create"));
    parser.addOption(
        {QStringLiteral("orders"), QStringLiteral("how many orders"), QStringLiteral("N"), QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("days"), QStringLiteral("over how many business days"), QStringLiteral("D"),
                      QStringLiteral("120")});
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QString path = parser.positionalArguments().first();
    const qint64 total = parser.value(QStringLiteral("orders")).toLongLong();
    const int days = parser.value(QStringLiteral("days")).toInt();
    if (total < days || days < bench::kUnclosedDaysBack + 2) {
        std::fprintf(stderr, "make_book: need at least %d days and one order a day\n", bench::kUnclosedDaysBack + 2);
        return 2;
    }
    if (QFile::exists(path)) {
        std::fprintf(stderr, "make_book: %s exists; it is left as it is\n", qPrintable(path));
        return 2;
    }

    QElapsedTimer timer;
    timer.start();
    auto opened = store::OrderStore::open(path);
    if (!opened) {
        std::fprintf(stderr, "make_book: %s\n", qPrintable(opened.error().toString()));
        return 8;
    }
    store::SqlConnection& sql = (*opened)->connection();
    Generator gen;
    const QDate first = bench::lastBookDay().addDays(1 - days);
    const QList<qint64> counts = ordersPerDay(first, days, total);
    qint64 tradeCounter = 0;
    qint64 busiest = 0;
    QDate busiestDay;
    for (int i = 0; i < days; ++i) {
        const QDate day = first.addDays(i);
        const bool last = i + 1 == days;
        auto written = sql.writeTransaction(store::SqlConnection::Durability::CrashSafe, [&]() -> Result<void> {
            if (auto ok = writeDay(sql, gen, day, counts[i], last, tradeCounter); !ok)
                return ok;
            if (day == bench::lastBookDay().addDays(-bench::kUnclosedDaysBack))
                return {};
            // Closed at 23:30 China time by the manager, as the app records it.
            auto closed = sql.exec(QStringLiteral("INSERT INTO day_closes (business_day, closed_at, closed_by, "
                                                  "summary) VALUES (?, ?, 'manager', '{}')"),
                                   {day.toString(QStringLiteral("yyyy-MM-dd")),
                                    alipay::ChinaTime::at(day, QTime(23, 30)).toMSecsSinceEpoch()});
            if (!closed)
                return closed.error();
            return {};
        });
        if (!written) {
            std::fprintf(stderr, "make_book: %s\n", qPrintable(written.error().toString()));
            return 8;
        }
        if (counts[i] > busiest) {
            busiest = counts[i];
            busiestDay = day;
        }
    }
    if (auto checkpoint = sql.select(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !checkpoint) {
        std::fprintf(stderr, "make_book: %s\n", qPrintable(checkpoint.error().toString()));
        return 8;
    }
    std::printf("make_book: %lld orders over %d days (%s to %s) in %.1f s; busiest day %s with %lld orders\n",
                static_cast<long long>(total), days, qPrintable(first.toString(Qt::ISODate)),
                qPrintable(bench::lastBookDay().toString(Qt::ISODate)), double(timer.elapsed()) / 1000.0,
                qPrintable(busiestDay.toString(Qt::ISODate)), static_cast<long long>(busiest));
    return 0;
}
