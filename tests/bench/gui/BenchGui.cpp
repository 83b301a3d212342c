// bench_gui: the cashier's screen, timed against the engine alone in the same process and run (issue
// 8, "Performance"). counterpay-sandbox runs as a real process on loopback; see GuiRig for the tills.
//
//   bench_gui [--sections latency,memory] [--rounds R] [--per-round K] [--warmup W] [--payments N]
//             [--checkpoints 10,100,500] [--gap MS] [--no-receipts] [--samples FILE]
//
// latency: R rounds; in each, K QR payments through the window and K through the engine's till, the
//   side that goes first alternating, so the machine's load weighs on both alike. The customer pays
//   through the sandbox's /sandbox/pay and the sandbox's notification is what the till sees.
//   - Enter -> QR painted: QTest::keyClick(Return) on the window, after the amount was typed, to the
//     end of the first frame in which the QrView painted the new code (PaintProbe). Baseline:
//     Till::startPayment() -> Till::qrReady.
//   - verified notification -> 已到账 painted: the verified notification reaching the till's
//     receiver (Till::acceptNotification) to the end of the first frame in which the result page's
//     headline painted this order's payment. Baseline: the same notification -> Till::paid.
// memory: N payments through the window in one process, QR paid by notification and payment code paid
//   at once in turn; resident memory (/proc/self/statm), the heap in use (mallinfo2) and the objects
//   alive after the checkpoints' counts and after N.
//
// Between payments the program waits until the receipt has printed and then --gap ms (default 50; more
// than the scanner detector's 40 ms, so the typed amount is shown before Enter, as with a person), for
// both sides. Wall-clock timing (std::chrono::steady_clock); medians and p95 from the sorted samples.
// Lines starting with RESULT and MEMORY are for run-gui-bench.sh.

#include "../payment/Samples.h"
#include "GuiRig.h"
#include "PaintProbe.h"

#include "cashier/CashierWindow.h"
#include "cashier/PaymentPage.h"
#include "cashier/QrView.h"
#include "payment/Till.h"
#include "receipt/ReceiptOutput.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QLabel>
#include <QLoggingCategory>
#include <QTest>
#include <QTimer>

#include <cstdio>
#include <malloc.h>
#include <unistd.h>

using namespace counterpay;
using namespace counterpay::bench;
using Page = ui::CashierWindow::Page;

namespace {

constexpr int kStepTimeoutMs = 15000;
// The sandbox's test code that pays at once (sandbox/AuthCodeScenario.cpp).
const QString kPaidAtOnceCode = QStringLiteral("280000000000000001");

struct MemorySample
{
    int payments = 0;
    double rssMb = 0;
    double heapMb = 0;
    int tillObjects = 0;
    int windowObjects = 0;
    int widgets = 0;
};

double residentMb()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toDouble() * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0)
                             : 0;
}

double heapInUseMb()
{
    const struct mallinfo2 info = mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

class GuiBench
{
public:
    GuiBench(GuiRig& rig, int gapMs)
        : m_rig(rig)
        , m_gapMs(gapMs)
        , m_probe(rig.window())
        , m_qrView(rig.window().findChild<ui::QrView*>(QStringLiteral("qrView")))
        , m_headline(rig.window().findChild<QLabel*>(QStringLiteral("resultHeadline")))
        , m_details(rig.window().findChild<QLabel*>(QStringLiteral("resultDetails")))
    {
        QObject::connect(&m_probe, &PaintProbe::done, &m_context, [this] { poke(); });
        for (payment::Till* till : {&rig.cashierTill(), &rig.engineTill()}) {
            QObject::connect(till, &payment::Till::qrReady, &m_context, [this, till] {
                if (till == &m_rig.engineTill() && m_engineQrAt == SteadyClock::time_point{})
                    m_engineQrAt = SteadyClock::now();
                poke();
            });
            QObject::connect(till, &payment::Till::paid, &m_context, [this, till](const store::Order& order) {
                if (till == &m_rig.engineTill() && m_enginePaidAt == SteadyClock::time_point{})
                    m_enginePaidAt = SteadyClock::now();
                m_lastPaid = order.outTradeNo;
                poke();
            });
            QObject::connect(till, &payment::Till::notPaid, &m_context, [this](const QString& message) {
                noteFailure(QStringLiteral("not paid: ") + message);
                poke();
            });
            QObject::connect(till, &payment::Till::unresolved, &m_context, [this](const QString& reason) {
                noteFailure(QStringLiteral("unresolved: ") + reason);
                poke();
            });
            QObject::connect(till, &payment::Till::paymentFinished, &m_context, [this] { poke(); });
        }
        if (ui::ReceiptOutput* receipts = rig.receipts()) {
            QObject::connect(receipts, &ui::ReceiptOutput::printed, &m_context, [this] {
                ++m_receiptsPrinted;
                poke();
            });
            QObject::connect(receipts, &ui::ReceiptOutput::failed, &m_context, [this](const QString& message) {
                noteFailure(QStringLiteral("receipt: ") + message);
                poke();
            });
        }
    }

    // Enter -> QR painted, then the customer pays and the notification -> 已到账 painted.
    bool cashierQr(const QString& amount, bool counted)
    {
        ui::CashierWindow& window = m_rig.window();
        if (!quiet())
            return false;
        QTest::keyClicks(&window, amount); // from the result page the first digit starts the next sale
        pause(m_gapMs);
        if (window.page() != Page::Entry || window.amountEntry().text() != amount)
            return fail(QStringLiteral("the amount was not taken: ") + window.amountEntry().text());

        m_probe.arm(m_qrView, [this] { return !m_qrView->text().isEmpty(); });
        const double waitBefore = processRunQueueWaitMs();
        const SteadyClock::time_point enter = SteadyClock::now();
        QTest::keyClick(&window, Qt::Key_Return);
        if (!waitUntil([this] { return m_probe.isDone(); }))
            return fail(QStringLiteral("no QR painted after Enter"));
        const double waitDuring = processRunQueueWaitMs() - waitBefore;
        payment::PaymentSession* live = m_rig.cashierTill().livePayment();
        if (!live || m_qrView->text() != live->order().qrCode)
            return fail(QStringLiteral("the QR painted is not the live order's"));
        const QString outTradeNo = live->outTradeNo();
        if (counted) {
            m_qrFrame.add(millisecondsBetween(enter, m_probe.frameFlushedAt()));
            m_qrWidget.add(millisecondsBetween(enter, m_probe.targetPaintedAt()));
            m_qrWait.add(waitDuring);
        }
        return payByNotification(outTradeNo, counted, /*cashier=*/true);
    }

    // The baseline: the same payment through the engine's till, no widgets.
    bool engineQr(Money amount, bool counted)
    {
        payment::Till& till = m_rig.engineTill();
        if (!quiet())
            return false;
        pause(m_gapMs);
        m_engineQrAt = {};
        const double waitBefore = processRunQueueWaitMs();
        const SteadyClock::time_point start = SteadyClock::now();
        auto started = till.startPayment({amount, {}, {}, {}});
        if (!started)
            return fail(QStringLiteral("engine: ") + started.error().toString());
        if (!waitUntil([this] { return m_engineQrAt != SteadyClock::time_point{}; }))
            return fail(QStringLiteral("engine: no QR"));
        if (counted) {
            m_engineQr.add(millisecondsBetween(start, m_engineQrAt));
            m_engineQrWait.add(processRunQueueWaitMs() - waitBefore);
        }
        return payByNotification(started->outTradeNo, counted, /*cashier=*/false);
    }

    // The payment code mode (F2), the customer's code as a scanner gun types it, paid at once.
    bool cashierBarcode(const QString& amount, bool counted)
    {
        ui::CashierWindow& window = m_rig.window();
        if (!quiet())
            return false;
        if (window.page() != Page::Entry)
            QTest::keyClick(&window, Qt::Key_Escape);
        if (!window.isPaymentCodeMode())
            QTest::keyClick(&window, Qt::Key_F2);
        QTest::keyClicks(&window, amount);
        pause(m_gapMs);
        QTest::keyClick(&window, Qt::Key_Return);
        if (window.page() != Page::Payment)
            return fail(QStringLiteral("no prompt for the payment code"));
        QTest::keyClicks(&window, kPaidAtOnceCode); // a burst: a few microseconds apart
        const SteadyClock::time_point enter = SteadyClock::now();
        QTest::keyClick(&window, Qt::Key_Return);
        payment::PaymentSession* live = m_rig.cashierTill().livePayment();
        if (!live)
            return fail(QStringLiteral("the payment code was not charged"));
        const QString outTradeNo = live->outTradeNo();
        m_probe.arm(m_headline, [this, outTradeNo] { return showsPaid(outTradeNo); });
        if (!waitUntil([this] { return m_probe.isDone(); }))
            return fail(QStringLiteral("payment code: no 已到账 painted for ") + outTradeNo);
        if (counted)
            m_barcodeFrame.add(millisecondsBetween(enter, m_probe.frameFlushedAt()));
        if (!waitUntil([this] { return !m_rig.cashierTill().isPaymentLive(); }))
            return fail(QStringLiteral("payment code: the payment did not finish"));
        QTest::keyClick(&window, Qt::Key_Escape);
        QTest::keyClick(&window, Qt::Key_F2); // back to QR mode
        return !window.isPaymentCodeMode() || fail(QStringLiteral("still in payment code mode"));
    }

    MemorySample memorySample(int payments)
    {
        // What is due to go is gone: sessions and replies deleted later, the receipt printed.
        quiet();
        for (int i = 0; i < 3; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            pause(20);
        }
        MemorySample sample;
        sample.payments = payments;
        sample.rssMb = residentMb();
        sample.heapMb = heapInUseMb();
        sample.tillObjects = static_cast<int>(m_rig.cashierTill().findChildren<QObject*>().size());
        sample.windowObjects = static_cast<int>(m_rig.window().findChildren<QObject*>().size());
        sample.widgets = static_cast<int>(QApplication::allWidgets().size());
        return sample;
    }

    Samples m_qrFrame, m_qrWidget, m_qrWait, m_engineQr, m_engineQrWait;
    Samples m_paidFrame, m_paidWidget, m_payFrame, m_enginePaid, m_enginePay;
    Samples m_barcodeFrame;
    int m_failures = 0;
    QStringList m_errors;
    int m_receiptsPrinted = 0;

private:
    bool payByNotification(const QString& outTradeNo, bool counted, bool cashier)
    {
        m_rig.forgetNotification();
        m_enginePaidAt = {};
        if (cashier)
            m_probe.arm(m_headline, [this, outTradeNo] { return showsPaid(outTradeNo); });
        auto payStatus = std::make_shared<int>(0); // the answer may come after a failure returned
        const SteadyClock::time_point pay = SteadyClock::now();
        m_rig.customer(QStringLiteral("pay"), outTradeNo, [this, payStatus](int status) {
            *payStatus = status;
            poke();
        });
        const bool shown = waitUntil([&] {
            return m_rig.notifiedOrder() == outTradeNo &&
                   (cashier ? m_probe.isDone() : m_enginePaidAt != SteadyClock::time_point{});
        });
        if (!shown)
            return fail(QStringLiteral("%1: not shown paid by its notification (pay answered %2)")
                            .arg(outTradeNo)
                            .arg(*payStatus));
        const SteadyClock::time_point end = cashier ? m_probe.frameFlushedAt() : m_enginePaidAt;
        if (counted) {
            (cashier ? m_paidFrame : m_enginePaid).add(millisecondsBetween(m_rig.notifiedAt(), end));
            (cashier ? m_payFrame : m_enginePay).add(millisecondsBetween(pay, end));
            if (cashier)
                m_paidWidget.add(millisecondsBetween(m_rig.notifiedAt(), m_probe.targetPaintedAt()));
        }
        payment::Till& till = cashier ? m_rig.cashierTill() : m_rig.engineTill();
        if (!waitUntil([&] { return !till.isPaymentLive() && *payStatus != 0; }))
            return fail(outTradeNo + QStringLiteral(": the payment did not finish"));
        if (*payStatus != 200)
            return fail(QStringLiteral("%1: the customer's pay answered HTTP %2").arg(outTradeNo).arg(*payStatus));
        return true;
    }

    bool showsPaid(const QString& outTradeNo) const
    {
        return m_rig.window().page() == Page::Result && m_lastPaid == outTradeNo &&
               m_details->text().contains(outTradeNo);
    }

    // Nothing of the last payment still running: its receipt printed, no payment live.
    bool quiet()
    {
        const auto idle = [this] {
            return !m_rig.cashierTill().isPaymentLive() && !m_rig.engineTill().isPaymentLive() &&
                   (!m_rig.receipts() || m_rig.receipts()->pendingCount() == 0);
        };
        if (waitUntil(idle))
            return true;
        // A payment a failure left live: stopped (a last query, then the cancel), so the next can start.
        m_rig.cashierTill().stopPayment();
        m_rig.engineTill().stopPayment();
        waitUntil(idle);
        return fail(QStringLiteral("the last payment or its receipt did not finish"));
    }

    // The event loop runs (no sleeping between checks, unlike QTest::qWaitFor) until `ready` holds,
    // checked whenever something the benchmark listens to happens.
    bool waitUntil(std::function<bool()> ready, int timeoutMs = kStepTimeoutMs)
    {
        if (ready())
            return true;
        m_ready = std::move(ready);
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &m_loop, &QEventLoop::quit);
        timeout.start(timeoutMs);
        m_loop.exec();
        const bool ok = m_ready();
        m_ready = nullptr;
        return ok;
    }

    void poke()
    {
        if (m_ready && m_ready())
            m_loop.quit();
    }

    void pause(int ms)
    {
        QEventLoop loop;
        QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
        loop.exec();
    }

    void noteFailure(const QString& what)
    {
        if (m_errors.size() < 8)
            m_errors.append(what);
    }

    bool fail(const QString& what)
    {
        ++m_failures;
        noteFailure(what);
        return false;
    }

    GuiRig& m_rig;
    int m_gapMs;
    QObject m_context;
    QEventLoop m_loop;
    std::function<bool()> m_ready;
    PaintProbe m_probe;
    ui::QrView* m_qrView;
    QLabel* m_headline;
    QLabel* m_details;
    SteadyClock::time_point m_engineQrAt{};
    SteadyClock::time_point m_enginePaidAt{};
    QString m_lastPaid;
};

QFile* g_samplesOut = nullptr;

void printHeader(const char* title)
{
    std::printf("%s\n", title);
    std::printf("  %-58s %5s %8s %8s %8s %8s  (ms)\n", "", "n", "min", "median", "p95", "max");
}

void printRow(const char* label, const Samples& samples)
{
    std::printf("  %-58s %5zu %8.2f %8.2f %8.2f %8.2f\n", label, samples.count(), samples.min(), samples.median(),
                samples.p95(), samples.max());
}

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

void printErrors(const GuiBench& bench)
{
    if (bench.m_failures == 0 && bench.m_errors.isEmpty())
        return;
    std::printf("  FAILURES: %d\n", bench.m_failures);
    for (const QString& error : bench.m_errors)
        std::printf("    %s\n", qPrintable(error));
}

QString amountFor(int i)
{
    return QString::number(1 + i % 9999) + QStringLiteral(".") + QString::number(10 + i % 90);
}

int runLatency(GuiRig& rig, int rounds, int perRound, int warmup, int gapMs)
{
    GuiBench bench(rig, gapMs);
    for (int i = 0; i < warmup; ++i) {
        bench.cashierQr(QStringLiteral("12.34"), false);
        bench.engineQr(Money::fromFen(1234), false);
    }
    std::printf("\nlatency: %d rounds of %d QR payments through the window and %d through the engine alone, the side "
                "going first alternating; %d uncounted of each first\n",
                rounds, perRound, perRound, warmup);
    for (int round = 0; round < rounds; ++round) {
        const std::size_t guiBefore = bench.m_qrFrame.count();
        const std::size_t engineBefore = bench.m_engineQr.count();
        for (int side = 0; side < 2; ++side) {
            const bool cashier = (side == 0) == (round % 2 == 0);
            for (int i = 0; i < perRound; ++i) {
                if (cashier)
                    bench.cashierQr(QStringLiteral("12.34"), true);
                else
                    bench.engineQr(Money::fromFen(1234), true);
            }
        }
        std::printf("  round %d/%d (%s first): Enter -> QR painted %.2f ms, engine %.2f ms; notification -> 已到账 "
                    "painted %.2f ms, engine %.2f ms (medians)\n",
                    round + 1, rounds, round % 2 == 0 ? "window" : "engine",
                    bench.m_qrFrame.medianOfRange(guiBefore, bench.m_qrFrame.count()),
                    bench.m_engineQr.medianOfRange(engineBefore, bench.m_engineQr.count()),
                    bench.m_paidFrame.medianOfRange(guiBefore, bench.m_paidFrame.count()),
                    bench.m_enginePaid.medianOfRange(engineBefore, bench.m_enginePaid.count()));
        std::fflush(stdout);
    }
    std::printf("\n");
    printHeader("Enter -> QR on screen");
    printRow("window: Enter -> frame with the new QR flushed", bench.m_qrFrame);
    printRow("  window: Enter -> QrView's paint done", bench.m_qrWidget);
    printRow("engine: Till::startPayment -> Till::qrReady", bench.m_engineQr);
    printRow("  window: waiting for a core meanwhile (all threads)", bench.m_qrWait);
    printRow("  engine: waiting for a core meanwhile (all threads)", bench.m_engineQrWait);
    printHeader("verified notification -> 已到账 on screen");
    printRow("window: notification -> frame with 已到账 flushed", bench.m_paidFrame);
    printRow("  window: notification -> headline's paint done", bench.m_paidWidget);
    printRow("engine: notification -> Till::paid", bench.m_enginePaid);
    printRow("window: customer's pay POST sent -> frame flushed", bench.m_payFrame);
    printRow("engine: customer's pay POST sent -> Till::paid", bench.m_enginePay);
    std::printf("  notifications rejected: %d\n", rig.rejectedNotifications());
    printErrors(bench);
    std::printf("  goal: Enter -> QR painted median < 30 ms: %s; notification -> 已到账 painted median < 50 ms: %s\n",
                bench.m_qrFrame.median() < 30 ? "met" : "NOT MET", bench.m_paidFrame.median() < 50 ? "met" : "NOT MET");
    printResult("gui.qr.frame", bench.m_qrFrame);
    printResult("gui.qr.widget", bench.m_qrWidget);
    printResult("engine.qr", bench.m_engineQr);
    printResult("gui.qr.wait", bench.m_qrWait);
    printResult("engine.qr.wait", bench.m_engineQrWait);
    printResult("gui.paid.frame", bench.m_paidFrame);
    printResult("gui.paid.widget", bench.m_paidWidget);
    printResult("engine.paid", bench.m_enginePaid);
    printResult("gui.pay.frame", bench.m_payFrame);
    printResult("engine.pay", bench.m_enginePay);
    return bench.m_failures == 0 ? 0 : 1;
}

int runMemory(GuiRig& rig, int payments, QList<int> checkpoints, int gapMs)
{
    GuiBench bench(rig, gapMs);
    checkpoints.append(payments);
    std::printf("\nmemory: %d payments through the window in this process, QR paid by notification and payment "
                "code paid at once in turn\n",
                payments);
    std::printf("  %8s %9s %9s %9s %9s %8s %8s\n", "payments", "RSS MB", "vs 10th", "heap MB", "till obj", "win obj",
                "widgets");
    QList<MemorySample> samples;
    for (int i = 1; i <= payments; ++i) {
        const bool ok = i % 2 ? bench.cashierQr(amountFor(i), true) : bench.cashierBarcode(amountFor(i), true);
        if (!ok && bench.m_failures > 20)
            break; // something is broken; the table says so
        if (checkpoints.contains(i)) {
            const MemorySample s = bench.memorySample(i);
            const double base = samples.isEmpty() ? s.rssMb : samples.first().rssMb;
            samples.append(s);
            std::printf("  %8d %9.1f %+8.1f%% %9.2f %9d %8d %8d\n", s.payments, s.rssMb, (s.rssMb / base - 1) * 100,
                        s.heapMb, s.tillObjects, s.windowObjects, s.widgets);
            std::printf("MEMORY payments=%d rss_mb=%.2f heap_mb=%.3f till_objects=%d window_objects=%d widgets=%d\n",
                        s.payments, s.rssMb, s.heapMb, s.tillObjects, s.windowObjects, s.widgets);
            std::fflush(stdout);
        }
    }
    printErrors(bench);
    if (!samples.isEmpty()) {
        const MemorySample& first = samples.first();
        const MemorySample& last = samples.last();
        double peak = 0;
        for (const MemorySample& s : samples)
            peak = std::max(peak, s.rssMb);
        std::printf("  receipts printed: %d\n", bench.m_receiptsPrinted);
        std::printf("  goal: RSS under 150 MB (peak %.1f): %s; after %d within 10%% of after %d (%+.1f%%): %s\n", peak,
                    peak < 150 ? "met" : "NOT MET", last.payments, first.payments, (last.rssMb / first.rssMb - 1) * 100,
                    last.rssMb <= first.rssMb * 1.10 ? "met" : "NOT MET");
    }
    printHeader("timings during the memory run");
    printRow("window: Enter -> frame with the new QR flushed", bench.m_qrFrame);
    printRow("window: notification -> frame with 已到账 flushed", bench.m_paidFrame);
    printRow("window: payment code's Enter -> frame with 已到账 flushed", bench.m_barcodeFrame);
    printResult("memory.gui.qr.frame", bench.m_qrFrame);
    printResult("memory.gui.paid.frame", bench.m_paidFrame);
    printResult("memory.gui.barcode.frame", bench.m_barcodeFrame);
    return bench.m_failures == 0 ? 0 : 1;
}

bool parseCount(const QString& text, int* out, int minimum)
{
    bool ok = false;
    *out = text.toInt(&ok);
    return ok && *out >= minimum;
}

} // namespace

int main(int argc, char* argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("bench_gui"));
    // The benchmark's own output only: the till's progress would be timed too.
    QLoggingCategory::setFilterRules(QStringLiteral("counterpay.*.debug=false\ncounterpay.*.info=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CounterPay cashier screen benchmark (issue 8)"));
    parser.addHelpOption();
    const QCommandLineOption sections(QStringLiteral("sections"), QStringLiteral("latency,memory (default both)"),
                                      QStringLiteral("LIST"), QStringLiteral("latency,memory"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("latency rounds, default 5"),
                                    QStringLiteral("R"), QStringLiteral("5"));
    const QCommandLineOption perRound(QStringLiteral("per-round"),
                                      QStringLiteral("payments per side and round, default 40"), QStringLiteral("K"),
                                      QStringLiteral("40"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("uncounted payments per side, default 10"),
                                    QStringLiteral("W"), QStringLiteral("10"));
    const QCommandLineOption payments(QStringLiteral("payments"), QStringLiteral("memory run's payments, default 1000"),
                                      QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption checkpoints(QStringLiteral("checkpoints"),
                                         QStringLiteral("memory samples after these payments, default 10,100,500"),
                                         QStringLiteral("LIST"), QStringLiteral("10,100,500"));
    const QCommandLineOption gap(QStringLiteral("gap"), QStringLiteral("ms between payments, default 50"),
                                 QStringLiteral("MS"), QStringLiteral("50"));
    const QCommandLineOption noReceipts(QStringLiteral("no-receipts"),
                                        QStringLiteral("no PDF receipt after each payment (the demo prints one)"));
    const QCommandLineOption samples(QStringLiteral("samples"),
                                     QStringLiteral("append every sample to FILE as \"key ms\" lines"),
                                     QStringLiteral("FILE"));
    parser.addOptions({sections, rounds, perRound, warmup, payments, checkpoints, gap, noReceipts, samples});
    parser.process(app);

    const auto usage = [](const char* message) {
        std::fprintf(stderr, "bench_gui: %s (see --help)\n", message);
        return 2;
    };
    int roundCount = 0, perRoundCount = 0, warmupCount = 0, paymentCount = 0, gapMs = 0;
    if (!parseCount(parser.value(rounds), &roundCount, 1) || !parseCount(parser.value(perRound), &perRoundCount, 1) ||
        !parseCount(parser.value(warmup), &warmupCount, 0) || !parseCount(parser.value(payments), &paymentCount, 1) ||
        !parseCount(parser.value(gap), &gapMs, 0))
        return usage("--rounds, --per-round, --payments need positive numbers, --warmup and --gap numbers");
    QList<int> points;
    for (const QString& item : parser.value(checkpoints).split(u',', Qt::SkipEmptyParts)) {
        int point = 0;
        if (!parseCount(item, &point, 1))
            return usage("--checkpoints takes payment counts");
        if (point < paymentCount)
            points.append(point);
    }
    const QStringList wanted = parser.value(sections).split(u',', Qt::SkipEmptyParts);
    for (const QString& section : wanted) {
        if (section != u"latency" && section != u"memory")
            return usage("--sections takes latency, memory");
    }
    QFile samplesFile(parser.value(samples));
    if (parser.isSet(samples)) {
        if (!samplesFile.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            std::fprintf(stderr, "bench_gui: cannot write %s\n", qPrintable(samplesFile.fileName()));
            return 2;
        }
        g_samplesOut = &samplesFile;
    }

    GuiRig::Options options;
    options.receipts = !parser.isSet(noReceipts);
    auto rig = GuiRig::start(options);
    if (!rig) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(rig.error().toString()));
        return 7;
    }
    std::printf("bench_gui: sandbox %s, notifications to %s; Qt %s, platform %s, window %dx%d; receipts %s\n",
                qPrintable((*rig)->sandbox().baseUrl().toString()), qPrintable((*rig)->notifyUrl()), qVersion(),
                qPrintable(QGuiApplication::platformName()), (*rig)->window().width(), (*rig)->window().height(),
                options.receipts ? "PDF after each payment (as the demo)" : "off");

    int status = 0;
    if (wanted.contains(QStringLiteral("latency")))
        status |= runLatency(**rig, roundCount, perRoundCount, warmupCount, gapMs);
    if (wanted.contains(QStringLiteral("memory")))
        status |= runMemory(**rig, paymentCount, points, gapMs);
    std::fflush(stdout);
    return status;
}
