// bench_gui: the cashier's screen timed against the engine alone, in the same process and the same run
// (issue 8, "Performance"). counterpay-sandbox runs as a real process on loopback; see GuiRig.
//
//   bench_gui [--payments N] [--warmup W] [--gap MS] [--no-receipts] [--samples FILE]
//   bench_gui --memory [--payments N] [--gap MS] [--no-receipts]
//
// Latency (the default; N = 200): N QR payments through the window and N through the engine's till,
// one of each in turn (the side that goes first alternating), so the machine's load weighs on both
// alike; W (10) of each first, not counted. The customer pays through the sandbox's /sandbox/pay, as
// the demo's F7 does, and the sandbox's signed notification is what the tills see.
//   - Enter -> QR painted: the Enter key handed to the window as the windowing system hands it (QTest
//     on the QWindow, through QGuiApplication's key handling), after the amount was typed, to the end of
//     the first frame in which the QrView painted the new code (PaintProbe says what that means).
//     Baseline: Till::startPayment() -> Till::qrReady.
//   - verified notification -> 已到账 painted: the notification, its signature verified, reaching the
//     till's receiver (Till::acceptNotification) to the end of the first frame in which the result
//     page's headline was painted for this payment. Baseline: the same notification -> Till::paid.
//
// Memory (--memory; N = 1000): N payments through the window in this process, a QR paid by its
// notification and a payment code paid at once in turn. After payment 10 and every 100th: what is
// due to go is let go (the event loop runs, deferred deletes run, glibc's malloc_trim(0) returns free
// heap pages to the system), then VmRSS from /proc/self/status, the heap in use (mallinfo2) and the
// objects alive under the till and the window.
//
// Between payments the program waits until the last one has finished and its receipt has printed,
// then --gap ms (default 50: more than the scanner detector's 40 ms, so the typed amount shows before
// Enter, as with a person). Wall-clock times from std::chrono::steady_clock; order statistics from the
// sorted samples (median; p90 by nearest rank). Lines starting with RESULT and MEMORY are for
// run-gui-bench.sh.

#include "../payment/Samples.h"
#include "GuiRig.h"
#include "PaintProbe.h"

#include "cashier/CashierWindow.h"
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
#include <QWindow>

#include <cstdio>
#include <malloc.h>

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

// A "VmRSS:" or "VmHWM:" line of /proc/self/status, in MB.
double statusMb(const QByteArray& field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024.0; // kB
    }
    return 0;
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
        , m_details(rig.window().findChild<QLabel*>(QStringLiteral("resultDetails")))
        , m_headline(rig.window().findChild<QLabel*>(QStringLiteral("resultHeadline")))
    {
        QObject::connect(&m_probe, &PaintProbe::done, &m_context, [this] { poke(); });
        for (payment::Till* till : {&rig.cashierTill(), &rig.engineTill()}) {
            const bool engine = till == &rig.engineTill();
            QObject::connect(till, &payment::Till::qrReady, &m_context, [this, engine] {
                if (engine && m_engineQrAt == SteadyClock::time_point{})
                    m_engineQrAt = SteadyClock::now();
                poke();
            });
            QObject::connect(till, &payment::Till::paid, &m_context, [this, engine](const store::Order& order) {
                if (engine && m_enginePaidAt == SteadyClock::time_point{})
                    m_enginePaidAt = SteadyClock::now();
                if (!engine)
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

    // Enter -> QR painted; then the customer pays and the notification -> 已到账 painted.
    bool cashierQr(const QString& amount, bool counted)
    {
        ui::CashierWindow& window = m_rig.window();
        if (!quiet())
            return false;
        type(amount); // from the result page the first digit starts the next sale
        pause(m_gapMs);
        if (window.page() != Page::Entry || window.amountEntry().text() != amount)
            return fail(QStringLiteral("the amount was not taken: ") + window.amountEntry().text());

        m_probe.arm(m_qrView, [this] { return !m_qrView->text().isEmpty(); }); // Enter clears the last one
        const double waitBefore = processRunQueueWaitMs();
        const SteadyClock::time_point enter = SteadyClock::now();
        QTest::keyClick(window.windowHandle(), Qt::Key_Return);
        if (!waitUntil([this] { return m_probe.isDone(); }))
            return fail(QStringLiteral("no QR painted after Enter"));
        const double waitDuring = processRunQueueWaitMs() - waitBefore;
        payment::PaymentSession* live = m_rig.cashierTill().livePayment();
        if (!live || m_qrView->text() != live->order().qrCode)
            return fail(QStringLiteral("the QR painted is not the live order's"));
        if (counted) {
            m_qrFrame.add(millisecondsBetween(enter, m_probe.frameFlushedAt()));
            m_qrWidget.add(millisecondsBetween(enter, m_probe.targetPaintedAt()));
            m_qrWait.add(waitDuring);
        }
        return payByNotification(live->outTradeNo(), counted, /*cashier=*/true);
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

    // The payment code mode (F2), the customer's code typed as a scanner gun types it, paid at once.
    bool cashierBarcode(const QString& amount)
    {
        ui::CashierWindow& window = m_rig.window();
        if (!quiet())
            return false;
        if (window.page() != Page::Entry)
            QTest::keyClick(window.windowHandle(), Qt::Key_Escape);
        if (!window.isPaymentCodeMode())
            QTest::keyClick(window.windowHandle(), Qt::Key_F2);
        type(amount);
        pause(m_gapMs);
        QTest::keyClick(window.windowHandle(), Qt::Key_Return);
        if (window.page() != Page::Payment)
            return fail(QStringLiteral("no prompt for the payment code"));
        type(kPaidAtOnceCode); // a burst: a few microseconds apart
        QTest::keyClick(window.windowHandle(), Qt::Key_Return);
        payment::PaymentSession* live = m_rig.cashierTill().livePayment();
        if (!live)
            return fail(QStringLiteral("the payment code was not charged"));
        const QString outTradeNo = live->outTradeNo();
        m_probe.arm(m_headline, [this, outTradeNo] { return showsPaid(outTradeNo); });
        if (!waitUntil([this] { return m_probe.isDone(); }))
            return fail(QStringLiteral("payment code: no 已到账 painted for ") + outTradeNo);
        if (!waitUntil([this] { return !m_rig.cashierTill().isPaymentLive(); }))
            return fail(QStringLiteral("payment code: the payment did not finish"));
        QTest::keyClick(window.windowHandle(), Qt::Key_Escape);
        QTest::keyClick(window.windowHandle(), Qt::Key_F2); // back to QR mode
        return !window.isPaymentCodeMode() || fail(QStringLiteral("still in payment code mode"));
    }

    MemorySample memorySample(int payments)
    {
        // What is due to go is gone: sessions and replies deleted later, the receipt printed; then the
        // heap's free pages go back to the system, so RSS counts what is held, not what malloc keeps.
        quiet();
        for (int i = 0; i < 3; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            pause(20);
        }
#ifdef __GLIBC__
        malloc_trim(0);
#endif
        MemorySample sample;
        sample.payments = payments;
        sample.rssMb = statusMb("VmRSS");
        sample.heapMb = heapInUseMb();
        sample.tillObjects = static_cast<int>(m_rig.cashierTill().findChildren<QObject*>().size());
        sample.windowObjects = static_cast<int>(m_rig.window().findChildren<QObject*>().size());
        sample.widgets = static_cast<int>(QApplication::allWidgets().size());
        return sample;
    }

    Samples m_qrFrame, m_qrWidget, m_qrWait, m_engineQr, m_engineQrWait;
    Samples m_paidFrame, m_paidWidget, m_enginePaid;
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
        if (counted) {
            if (cashier) {
                m_paidFrame.add(millisecondsBetween(m_rig.notifiedAt(), m_probe.frameFlushedAt()));
                m_paidWidget.add(millisecondsBetween(m_rig.notifiedAt(), m_probe.targetPaintedAt()));
            } else {
                m_enginePaid.add(millisecondsBetween(m_rig.notifiedAt(), m_enginePaidAt));
            }
        }
        payment::Till& till = cashier ? m_rig.cashierTill() : m_rig.engineTill();
        if (!waitUntil([&] { return !till.isPaymentLive() && *payStatus != 0; }))
            return fail(outTradeNo + QStringLiteral(": the payment did not finish"));
        if (*payStatus != 200)
            return fail(QStringLiteral("%1: the customer's pay answered HTTP %2").arg(outTradeNo).arg(*payStatus));
        return true;
    }

    // The keys as the windowing system delivers them, to the window's focus widget.
    void type(const QString& keys)
    {
        for (const QChar key : keys)
            QTest::keyClick(m_rig.window().windowHandle(), key.toLatin1());
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
    QLabel* m_details;
    QLabel* m_headline;
    SteadyClock::time_point m_engineQrAt{};
    SteadyClock::time_point m_enginePaidAt{};
    QString m_lastPaid;
};

QFile* g_samplesOut = nullptr;

void printHeader(const char* title)
{
    // The title on a line of its own: printf pads bytes, and 已到账 is 9 bytes wide 6 columns.
    std::printf("\n%s\n  %-58s %5s %8s %8s %8s\n", title, "", "n", "median", "p90", "max");
}

void printRow(const char* label, const Samples& samples)
{
    std::printf("  %-58s %5zu %8.2f %8.2f %8.2f\n", label, samples.count(), samples.median(), samples.percentile(90),
                samples.max());
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

void printRatio(const Samples& gui, const Samples& engine)
{
    std::printf("  %-58s %5s %7.1fx %7.1fx %7.1fx\n", "ratio GUI / engine", "", ratio(gui.median(), engine.median()),
                ratio(gui.percentile(90), engine.percentile(90)), ratio(gui.max(), engine.max()));
}

// Paired: the i-th GUI payment ran next to the i-th engine one.
void printDifference(const Samples& gui, const Samples& engine)
{
    Samples difference;
    for (std::size_t i = 0; i < std::min(gui.count(), engine.count()); ++i)
        difference.add(gui.values()[i] - engine.values()[i]);
    printRow("GUI - engine, payment by payment (the screen's own cost)", difference);
}

void printResult(const char* key, const Samples& samples)
{
    std::printf("RESULT %s n=%zu median_ms=%.4f p90_ms=%.4f max_ms=%.4f\n", key, samples.count(), samples.median(),
                samples.percentile(90), samples.max());
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

int runLatency(GuiRig& rig, int payments, int warmup, int gapMs)
{
    GuiBench bench(rig, gapMs);
    std::printf("latency: %d QR payments through the window and %d through the engine alone, one of each in turn; "
                "%d of each first, not counted\n",
                payments, payments, warmup);
    std::fflush(stdout);
    for (int i = -warmup; i < payments; ++i) {
        const bool counted = i >= 0;
        const QString amount = amountFor(i + warmup);
        const bool guiFirst = (i + warmup) % 2 == 0;
        for (int side = 0; side < 2; ++side) {
            if ((side == 0) == guiFirst)
                bench.cashierQr(amount, counted);
            else
                bench.engineQr(Money::parse(amount).value(), counted);
        }
        if (counted && (i + 1) % 50 == 0) {
            std::printf("  %d/%d: Enter -> QR painted %.2f ms (engine %.2f); notification -> 已到账 painted %.2f ms "
                        "(engine %.2f), medians so far\n",
                        i + 1, payments, bench.m_qrFrame.median(), bench.m_engineQr.median(),
                        bench.m_paidFrame.median(), bench.m_enginePaid.median());
            std::fflush(stdout);
        }
    }

    printHeader("Enter -> QR painted (ms)");
    printRow("GUI: Enter key -> end of the frame that painted the new QR", bench.m_qrFrame);
    printRow("  GUI: Enter key -> end of QrView's paintEvent", bench.m_qrWidget);
    printRow("engine: Till::startPayment -> Till::qrReady (baseline)", bench.m_engineQr);
    printRatio(bench.m_qrFrame, bench.m_engineQr);
    printDifference(bench.m_qrFrame, bench.m_engineQr);
    printRow("  GUI: waiting for a core meanwhile (schedstat)", bench.m_qrWait);
    printRow("  engine: waiting for a core meanwhile (schedstat)", bench.m_engineQrWait);
    printHeader("verified notification -> 已到账 painted (ms)");
    printRow("GUI: notification -> end of the frame that painted it", bench.m_paidFrame);
    printRow("  GUI: notification -> end of the headline's paintEvent", bench.m_paidWidget);
    printRow("engine: notification -> Till::paid (baseline)", bench.m_enginePaid);
    printRatio(bench.m_paidFrame, bench.m_enginePaid);
    printDifference(bench.m_paidFrame, bench.m_enginePaid);
    std::printf("\n  notifications rejected: %d\n", rig.rejectedNotifications());
    printErrors(bench);
    std::printf("  goals: Enter -> QR painted, median under 30 ms: %s; notification -> 已到账 painted, median under 50 "
                "ms: %s\n",
                bench.m_qrFrame.median() < 30 ? "met" : "NOT MET", bench.m_paidFrame.median() < 50 ? "met" : "NOT MET");
    printResult("gui.qr", bench.m_qrFrame);
    printResult("gui.qr.widget", bench.m_qrWidget);
    printResult("engine.qr", bench.m_engineQr);
    printResult("gui.paid", bench.m_paidFrame);
    printResult("gui.paid.widget", bench.m_paidWidget);
    printResult("engine.paid", bench.m_enginePaid);
    return bench.m_failures == 0 ? 0 : 1;
}

int runMemory(GuiRig& rig, int payments, int gapMs)
{
    GuiBench bench(rig, gapMs);
    std::printf("memory: %d payments through the window in this process, a QR paid by its notification and a "
                "payment code paid at once in turn; malloc_trim(0) before each reading%s\n",
                payments,
#ifdef __GLIBC__
                " (glibc)"
#else
                " (not glibc: skipped)"
#endif
    );
    std::printf("  %8s %9s %9s %9s %9s %9s %8s\n", "payments", "VmRSS MB", "vs 10th", "heap MB", "till obj", "win obj",
                "widgets");
    std::fflush(stdout);
    QList<MemorySample> samples;
    for (int i = 1; i <= payments; ++i) {
        const bool ok = i % 2 ? bench.cashierQr(amountFor(i), false) : bench.cashierBarcode(amountFor(i));
        if (!ok && bench.m_failures > 20)
            break; // something is broken; the table says so
        if (i == 10 || i % 100 == 0 || i == payments) {
            const MemorySample s = bench.memorySample(i);
            const double base = samples.isEmpty() ? s.rssMb : samples.first().rssMb;
            samples.append(s);
            std::printf("  %8d %9.1f %+8.1f%% %9.2f %9d %9d %8d\n", s.payments, s.rssMb, (s.rssMb / base - 1) * 100,
                        s.heapMb, s.tillObjects, s.windowObjects, s.widgets);
            std::printf("MEMORY payments=%d rss_mb=%.2f heap_mb=%.3f till_objects=%d window_objects=%d widgets=%d\n",
                        s.payments, s.rssMb, s.heapMb, s.tillObjects, s.windowObjects, s.widgets);
            std::fflush(stdout);
        }
    }
    printErrors(bench);
    const double peak = statusMb("VmHWM");
    std::printf("  receipts printed: %d; peak resident (VmHWM) %.1f MB\n", bench.m_receiptsPrinted, peak);
    if (samples.size() > 1) {
        const MemorySample& first = samples.first();
        const MemorySample& last = samples.last();
        std::printf("  goals: resident under 150 MB (peak %.1f MB): %s; after %d payments within 10%% of after %d "
                    "(x%.3f): %s\n",
                    peak, peak < 150 ? "met" : "NOT MET", last.payments, first.payments, last.rssMb / first.rssMb,
                    last.rssMb <= first.rssMb * 1.10 ? "met" : "NOT MET");
    }
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
    parser.setApplicationDescription(QStringLiteral("CounterPay's cashier screen against the engine alone (issue 8)"));
    parser.addHelpOption();
    const QCommandLineOption memory(QStringLiteral("memory"),
                                    QStringLiteral("the memory run instead of the latency one"));
    const QCommandLineOption payments(QStringLiteral("payments"),
                                      QStringLiteral("payments per side (latency, default 200) or in all (memory, "
                                                     "default 1000)"),
                                      QStringLiteral("N"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("uncounted payments per side, default 10"),
                                    QStringLiteral("W"), QStringLiteral("10"));
    const QCommandLineOption gap(QStringLiteral("gap"), QStringLiteral("ms between payments, default 50"),
                                 QStringLiteral("MS"), QStringLiteral("50"));
    const QCommandLineOption noReceipts(QStringLiteral("no-receipts"),
                                        QStringLiteral("no PDF receipt after each payment (the demo prints one)"));
    const QCommandLineOption samples(QStringLiteral("samples"),
                                     QStringLiteral("append every latency sample to FILE as \"key ms\" lines"),
                                     QStringLiteral("FILE"));
    parser.addOptions({memory, payments, warmup, gap, noReceipts, samples});
    parser.process(app);

    const bool memoryRun = parser.isSet(memory);
    int paymentCount = 0, warmupCount = 0, gapMs = 0;
    const QString paymentText =
        parser.isSet(payments) ? parser.value(payments) : (memoryRun ? QStringLiteral("1000") : QStringLiteral("200"));
    if (!parseCount(paymentText, &paymentCount, 1) || !parseCount(parser.value(warmup), &warmupCount, 0) ||
        !parseCount(parser.value(gap), &gapMs, 0)) {
        std::fprintf(stderr, "bench_gui: --payments takes a positive number, --warmup and --gap numbers\n");
        return 2;
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
                options.receipts ? "a PDF after each payment (as the demo)" : "off");

    const int status =
        memoryRun ? runMemory(**rig, paymentCount, gapMs) : runLatency(**rig, paymentCount, warmupCount, gapMs);
    std::fflush(stdout);
    return status;
}
