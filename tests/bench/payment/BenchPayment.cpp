// bench_payment: what a payment costs the counter and how soon it sees the customer pay, against any
// gateway a CounterPay config names (normally counterpay-sandbox on loopback; see
// run-payment-bench.sh, which also runs Alipay's Node.js SDK as a baseline).
//
//   bench_payment --config FILE [--orders N] [--warmup N] [--detect-orders N] [--parallel P]
//                 [--pay-delay MIN:MAX] [--seed N] [--sections client,polling,notify] [--samples FILE]
//
// (a) client: N orders one after another, "charge" (PaymentSession::startQr) to qrReady, which is the
//     order book's commits + sign + HTTP + verify; then the same steps each alone.
// (b) polling / notify: the customer pays through the sandbox's /sandbox/pay and the clock runs
//     until PaymentSession::paid, by queries alone and with the NotifyServer receiving
//     notifications. Needs a gateway that serves /sandbox/scan and /sandbox/pay.
//
// Plain wall-clock timing (std::chrono::steady_clock); medians and p95 from the sorted samples. The
// lines starting with RESULT are for the script.

#include "BenchSetup.h"
#include "ClientCost.h"
#include "DetectionLatency.h"
#include "Samples.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>

#include <cstdio>

using namespace counterpay;
using namespace counterpay::bench;

namespace {

void printHeader(const char* title, const char* unit)
{
    std::printf("%s\n", title);
    std::printf("  %-52s %6s %9s %9s %9s %9s  (%s)\n", "", "n", "min", "median", "p95", "max", unit);
}

void printRow(const char* label, const Samples& samples, double scale = 1.0, int decimals = 3)
{
    std::printf("  %-52s %6zu %9.*f %9.*f %9.*f %9.*f\n", label, samples.count(), decimals, samples.min() * scale,
                decimals, samples.median() * scale, decimals, samples.p95() * scale, decimals, samples.max() * scale);
}

// --samples FILE: every sample as a line "key milliseconds", appended, so a script can pool runs.
QFile* g_samplesOut = nullptr;

void printResult(const char* key, const Samples& samples)
{
    std::printf("RESULT %s n=%zu median_ms=%.4f p95_ms=%.4f\n", key, samples.count(), samples.median(), samples.p95());
    if (!g_samplesOut)
        return;
    QByteArray lines;
    for (const double value : samples.values())
        lines += QByteArray(key) + ' ' + QByteArray::number(value, 'f', 4) + '\n';
    g_samplesOut->write(lines);
}

const char* verdict(bool met)
{
    return met ? "met" : "NOT MET";
}

void printErrors(int failures, const QStringList& errors)
{
    if (failures == 0 && errors.isEmpty())
        return;
    std::printf("  FAILURES: %d\n", failures);
    for (const QString& error : errors)
        std::printf("    %s\n", qPrintable(error));
}

int runClient(BenchSetup& setup, int orders, int warmup)
{
    ClientCost bench(setup, orders, warmup);
    const ClientCostReport r = bench.run();
    std::printf("\n");
    printHeader("(a) client cost, \"charge\" to \"QR ready\", orders one after another", "ms");
    printRow("charge -> QR ready (PaymentSession, 3 commits incl.)", r.total);
    printRow("  precreate round trip (GatewayClient)", r.roundTrip);
    printRow("  the rest: order book commits, session", r.store);
    std::printf("  each step alone, interleaved with the orders above:\n");
    printRow("  store: nextOutTradeNo (commit)", r.number);
    printRow("  store: create (commit)", r.create);
    printRow("  store: transition to AwaitingScan (commit)", r.transition);
    printRow("  sign: RequestBuilder::build + FormCodec::encode", r.sign);
    printRow("  HTTP: precreate POST -> reply (bare QNAM)", r.exchange);
    printRow("  verify: ResponseVerifier::verify + parse", r.verify);
    printRow("  HTTP: GET of an unserved path, same connection", r.bareExchange);
    printRow("  gateway's own work (precreate HTTP - bare HTTP)", r.gatewayWork);
    std::printf("  CPU time of this process (all threads):\n");
    printRow("  charge -> QR ready", r.cpuTotal);
    printRow("  sign + HTTP + verify (bare QNAM)", r.cpuExchange);
    printRow("charge -> QR ready: this process waiting for a core", r.waitTotal);
    const std::size_t tenth = std::max<std::size_t>(1, r.total.count() / 10);
    std::printf("  drift, median of the first / last %zu orders: charge -> QR ready %.3f / %.3f ms, gateway's own "
                "work %.3f / %.3f ms\n",
                tenth, r.total.medianOfRange(0, tenth), r.total.medianOfRange(r.total.count() - tenth, r.total.count()),
                r.gatewayWork.medianOfRange(0, tenth),
                r.gatewayWork.medianOfRange(r.gatewayWork.count() - tenth, r.gatewayWork.count()));
    printErrors(r.failures, r.errors);
    std::printf("  goal median < 3 ms: %s; p95 < 5 ms: %s\n", verdict(r.total.median() < 3.0),
                verdict(r.total.p95() < 5.0));
    printResult("client.total", r.total);
    printResult("client.roundtrip", r.roundTrip);
    printResult("client.store", r.store);
    printResult("client.number", r.number);
    printResult("client.create", r.create);
    printResult("client.transition", r.transition);
    printResult("client.sign", r.sign);
    printResult("client.exchange", r.exchange);
    printResult("client.verify", r.verify);
    printResult("client.bare", r.bareExchange);
    printResult("client.gatewaywork", r.gatewayWork);
    printResult("client.cpu.total", r.cpuTotal);
    printResult("client.cpu.exchange", r.cpuExchange);
    printResult("client.wait.total", r.waitTotal);
    return r.failures == 0 ? 0 : 1;
}

int runDetection(BenchSetup& setup, DetectionLatency::Mode mode, const DetectionLatency::Options& options)
{
    DetectionLatency bench(setup, mode, options);
    const DetectionReport r = bench.run();
    const bool polling = mode == DetectionLatency::Mode::Polling;
    std::printf("\n");
    if (polling) {
        const config::PollSchedule& poll = setup.settings.payment.poll;
        std::printf("(b) customer pays -> order Paid, polling alone (first query %lld ms after the QR, then "
                    "every %lld ms to %lld ms)\n",
                    static_cast<long long>(poll.firstQueryMs()),
                    static_cast<long long>(poll.steps().isEmpty() ? poll.finalIntervalMs()
                                                                  : poll.steps().constFirst().intervalMs),
                    static_cast<long long>(poll.steps().isEmpty() ? 0 : poll.steps().constFirst().untilMs));
    } else {
        std::printf("(b) customer pays -> order Paid, with notifications to %s (polling still on)\n",
                    qPrintable(r.notifyUrl));
    }
    std::printf("    %d orders, %d at a time; the customer pays %lld-%lld ms after the QR is shown (seed %u)\n",
                options.orders, options.parallel, static_cast<long long>(options.payDelayMinMs),
                static_cast<long long>(options.payDelayMaxMs), options.seed);
    printHeader("", "ms");
    printRow("pay POST sent -> PaymentSession::paid", r.latency, 1.0, 1);
    if (!polling) {
        printRow("  pay POST sent -> verified notification in handler", r.notifyArrival, 1.0, 1);
        printRow("  handler -> paid (find, amount check, commit)", r.notifyHandling, 1.0, 2);
    }
    printRow("pay POST sent -> the customer's answer", r.payAck, 1.0, 1);
    printRow("customer paid this long after the QR was shown", r.sinceQrReady, 1.0, 0);
    std::printf("  resolved by: query %d, notification %d\n", r.viaQuery, r.viaNotification);
    printErrors(r.failures, r.errors);
    if (polling) {
        std::printf("  goal median < 1000 ms: %s; p95 < 1600 ms: %s\n", verdict(r.latency.median() < 1000),
                    verdict(r.latency.p95() < 1600));
        printResult("detect.polling", r.latency);
        printResult("detect.polling.payack", r.payAck);
    } else {
        std::printf("  goal median < 50 ms: %s\n", verdict(r.latency.median() < 50));
        printResult("detect.notify", r.latency);
        printResult("detect.notify.arrival", r.notifyArrival);
        printResult("detect.notify.handling", r.notifyHandling);
        printResult("detect.notify.payack", r.payAck);
    }
    return r.failures == 0 ? 0 : 1;
}

bool parsePositive(const QString& text, int* out)
{
    bool ok = false;
    *out = text.toInt(&ok);
    return ok && *out > 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_payment"));
    // The benchmark's own output only: the session's progress and warnings would be timed too.
    QLoggingCategory::setFilterRules(QStringLiteral("counterpay.*.debug=false\ncounterpay.*.info=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CounterPay payment benchmark (issue 4)"));
    parser.addHelpOption();
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("CounterPay config (INI)"),
                                    QStringLiteral("FILE"));
    const QCommandLineOption orders(QStringLiteral("orders"), QStringLiteral("orders for (a), default 1000"),
                                    QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("uncounted orders first, default 20"),
                                    QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption detectOrders(QStringLiteral("detect-orders"),
                                          QStringLiteral("orders for each of (b), default 100"), QStringLiteral("N"),
                                          QStringLiteral("100"));
    const QCommandLineOption parallel(QStringLiteral("parallel"), QStringLiteral("orders at a time in (b), default 25"),
                                      QStringLiteral("P"), QStringLiteral("25"));
    const QCommandLineOption payDelay(QStringLiteral("pay-delay"),
                                      QStringLiteral("the customer pays MIN-MAX ms after the QR, default 2000:5000"),
                                      QStringLiteral("MIN:MAX"), QStringLiteral("2000:5000"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("random seed for (b), default 1"),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption sections(QStringLiteral("sections"),
                                      QStringLiteral("which to run, default client,polling,notify"),
                                      QStringLiteral("LIST"), QStringLiteral("client,polling,notify"));
    const QCommandLineOption samples(QStringLiteral("samples"),
                                     QStringLiteral("append every sample to FILE as \"key ms\" lines"),
                                     QStringLiteral("FILE"));
    parser.addOptions({config, orders, warmup, detectOrders, parallel, payDelay, seed, sections, samples});
    parser.process(app);

    const auto usage = [](const char* message) {
        std::fprintf(stderr, "bench_payment: %s (see --help)\n", message);
        return 2;
    };
    if (!parser.isSet(config))
        return usage("give --config FILE");
    int orderCount = 0;
    int warmupCount = 0;
    DetectionLatency::Options detect;
    if (!parsePositive(parser.value(orders), &orderCount))
        return usage("--orders needs a positive number");
    warmupCount = parser.value(warmup).toInt();
    if (warmupCount < 0)
        return usage("--warmup needs a number");
    if (!parsePositive(parser.value(detectOrders), &detect.orders) ||
        !parsePositive(parser.value(parallel), &detect.parallel))
        return usage("--detect-orders and --parallel need positive numbers");
    const QStringList delay = parser.value(payDelay).split(u':');
    bool minOk = false;
    bool maxOk = false;
    if (delay.size() == 2) {
        detect.payDelayMinMs = delay[0].toLongLong(&minOk);
        detect.payDelayMaxMs = delay[1].toLongLong(&maxOk);
    }
    if (!minOk || !maxOk || detect.payDelayMinMs < 0 || detect.payDelayMaxMs <= detect.payDelayMinMs)
        return usage("--pay-delay needs MIN:MAX milliseconds, MIN < MAX");
    detect.seed = parser.value(seed).toUInt();
    const QStringList wanted = parser.value(sections).split(u',', Qt::SkipEmptyParts);
    for (const QString& section : wanted) {
        if (section != u"client" && section != u"polling" && section != u"notify")
            return usage("--sections takes client, polling, notify");
    }

    QFile samplesFile(parser.value(samples));
    if (parser.isSet(samples)) {
        if (!samplesFile.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            std::fprintf(stderr, "bench_payment: cannot write %s\n", qPrintable(samplesFile.fileName()));
            return 2;
        }
        g_samplesOut = &samplesFile;
    }

    auto setup = BenchSetup::load(parser.value(config));
    if (!setup) {
        std::fprintf(stderr, "bench_payment: %s\n", qPrintable(setup.error().toString()));
        return 7;
    }
    std::printf("bench_payment: gateway %s, app %s, %s mode\n", qPrintable((*setup)->gateway.gatewayUrl.toString()),
                qPrintable((*setup)->gateway.appId),
                (*setup)->gateway.signMode == config::GatewayConfig::SignMode::Certificate ? "certificate"
                                                                                           : "public key");
    std::printf("  order book %s; Qt %s\n", qPrintable((*setup)->databasePath), qVersion());

    int status = 0;
    if (wanted.contains(QStringLiteral("client")))
        status |= runClient(**setup, orderCount, warmupCount);
    if (wanted.contains(QStringLiteral("polling")))
        status |= runDetection(**setup, DetectionLatency::Mode::Polling, detect);
    if (wanted.contains(QStringLiteral("notify")))
        status |= runDetection(**setup, DetectionLatency::Mode::Notifications, detect);
    std::fflush(stdout);
    return status;
}
