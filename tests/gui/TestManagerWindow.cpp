// The manager's window, offscreen, against a real counterpay-sandbox process over loopback: the order
// history over a book with more than one page, a partial refund approved on the spot and confirmed by
// Alipay, its refund receipt, an Unknown order resolved by hand, and the day reconciled with the
// sandbox's trade bill.
#include "SandboxHarness.h"
#include "alipay/ChinaTime.h"
#include "manager/DayClosePage.h"
#include "manager/HourlyChart.h"
#include "manager/ManagerWindow.h"
#include "manager/OrderDetailPane.h"
#include "manager/OrderHistoryModel.h"
#include "manager/OrderHistoryPage.h"
#include "manager/ReconcilePage.h"
#include "manager/RefundDialog.h"
#include "manager/ShiftPage.h"
#include "payment/Till.h"
#include "people/PeopleStore.h"
#include "receipt/ReceiptOutput.h"
#include "store/OrderStore.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;
using store::OrderState;

class TestManagerWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void historyPagesFiltersAndFinds();
    void partialRefundApprovedOnTheSpot();
    void refundNeedsApprovalAndWhatIsLeft();
    void unknownOrderResolvedByHand();
    void dayReconciledWithAlipaysBill();
    void shiftHandedOverWithItsSlip();
    // Last: it closes today, after which the book takes no payments.
    void dayClosedPrintedAndExported();

private:
    QString payQr(qint64 fen);
    QString bookOrder(OrderState state, qint64 fen);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    QString m_config;
    QString m_appId;
    std::unique_ptr<payment::Till> m_till;
    std::unique_ptr<ui::ReceiptOutput> m_receipts;
    std::unique_ptr<ui::ManagerWindow> m_window;
    QStringList m_asked; // what the manager was asked to approve
    std::optional<QString> m_answer = QStringLiteral("李经理");
};

void TestManagerWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    initSandbox(m_dir.path());
    QVERIFY2(m_sandbox.start(m_dir.path(), {QStringLiteral("--quiet")}), qPrintable(m_sandbox.error()));
    QByteArray text = readFile(m_sandbox.configPath());
    text += "\n[counter]\nterminal_id=MGR\ncashier_id=alice\n[payment]\npoll=first=300,300@60000,final=500\n"
            "[receipt]\nprinter=pdf\npaper=80\npdf_folder=" +
            m_dir.filePath(QStringLiteral("receipts")).toUtf8() + "\n";
    m_config = m_dir.filePath(QStringLiteral("manager.ini"));
    writeFile(m_config, text);
}

void TestManagerWindow::init()
{
    m_till = std::make_unique<payment::Till>();
    auto loaded = m_till->load(m_config);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    m_appId = m_till->settings().payment.appId;
    m_receipts = std::make_unique<ui::ReceiptOutput>(m_till->settings().receipt);
    m_asked.clear();
    m_answer = QStringLiteral("李经理");
    m_window = std::make_unique<ui::ManagerWindow>(
        *m_till,
        [this](QWidget*, const QString& what) {
            m_asked.append(what);
            return m_answer;
        },
        m_receipts.get());
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestManagerWindow::cleanup()
{
    m_window.reset();
    m_receipts.reset();
    m_till.reset();
}

void TestManagerWindow::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QString TestManagerWindow::payQr(qint64 fen)
{
    QSignalSpy qr(m_till.get(), &payment::Till::qrReady);
    QSignalSpy finished(m_till.get(), &payment::Till::paymentFinished);
    auto started = m_till->startPayment({Money::fromFen(fen), {}, {}, {}});
    if (!started || !QTest::qWaitFor([&] { return !qr.isEmpty(); }, 10000))
        return {};
    if (m_sandbox.customer(QStringLiteral("pay"), started->outTradeNo).status != 200)
        return {};
    if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 15000))
        return {};
    return m_till->order(started->outTradeNo)->value().state == OrderState::Paid ? started->outTradeNo : QString();
}

// An order written straight into the book (as another till sharing it would), never sent to Alipay.
QString TestManagerWindow::bookOrder(OrderState state, qint64 fen)
{
    auto book = store::OrderStore::open(m_till->databasePath());
    if (!book)
        return {};
    const QDate today = alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
    auto number = (*book)->nextOutTradeNo(QStringLiteral("MGR"), today);
    auto created = (*book)->create({*number,
                                    m_appId,
                                    Money::fromFen(fen),
                                    QStringLiteral("s"),
                                    store::Order::PayMode::Qr,
                                    QStringLiteral("MGR"),
                                    QStringLiteral("bob"),
                                    {},
                                    {}});
    if (!created)
        return {};
    store::TransitionDetails details;
    if (state == OrderState::Unknown)
        details.reason = QStringLiteral("no answer to the query");
    if (state == OrderState::Paid)
        details.tradeNo = QStringLiteral("2026113022001499999999999999");
    if (!(*book)->transition(*number, state, store::EventSource::Gateway, details))
        return {};
    return *number;
}

void TestManagerWindow::historyPagesFiltersAndFinds()
{
    const QString paid = payQr(1234);
    QVERIFY(!paid.isEmpty());
    for (int i = 0; i < 60; ++i)
        QVERIFY(!bookOrder(OrderState::Closed, 100 + i).isEmpty());
    ui::OrderHistoryPage& history = m_window->history();
    history.search({}); // filters again: today's orders
    ui::OrderHistoryModel& model = history.model();
    QVERIFY(model.error().isEmpty());
    QVERIFY(model.totalCount() >= 61);
    QCOMPARE(model.rowCount(), ui::OrderHistoryModel::kPageSize);
    QCOMPARE(model.pageCount(), int((model.totalCount() + 49) / 50));
    // Newest first: the last order written heads the first page.
    QCOMPARE(model.orderAt(0).totalAmount, Money::fromFen(159));
    QStringList firstPage;
    for (int row = 0; row < model.rowCount(); ++row)
        firstPage.append(model.orderAt(row).outTradeNo);
    model.setPage(1);
    QCOMPARE(model.page(), 1);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(!firstPage.contains(model.orderAt(row).outTradeNo));

    // Sorting by amount, largest first, is the book's order, across the whole selection.
    model.sort(ui::OrderHistoryModel::Amount, Qt::DescendingOrder);
    QCOMPARE(model.orderAt(0).outTradeNo, paid);

    // Alipay's trade number finds the order, and the pane shows its whole history.
    const QString tradeNo = m_till->order(paid)->value().tradeNo;
    QVERIFY(!tradeNo.isEmpty());
    history.search(tradeNo);
    QCOMPARE(model.totalCount(), 1);
    QCOMPARE(history.detail().outTradeNo(), paid);
    QVERIFY(history.detail().eventCount() >= 3); // created, QR shown, paid
    history.search(QStringLiteral("MGR-00000000-000000"));
    QCOMPARE(model.totalCount(), 0);
    QVERIFY(history.detail().outTradeNo().isEmpty());
}

void TestManagerWindow::partialRefundApprovedOnTheSpot()
{
    const QString paid = payQr(2000);
    QVERIFY(!paid.isEmpty());
    ui::OrderHistoryPage& history = m_window->history();
    history.search(paid);
    ui::RefundDialog* dialog = history.openRefund();
    QVERIFY(dialog);
    dialog->setAmountText(QStringLiteral("5.50"));
    dialog->setReason(QStringLiteral("退一件"));
    QVERIFY(dialog->submit());
    QCOMPARE(m_asked, QStringList{QStringLiteral("Refund ¥ 5.50 of order %1").arg(paid)});
    QTRY_VERIFY_WITH_TIMEOUT(dialog->refund().has_value(), 15000);
    QCOMPARE(dialog->refund()->state, store::Refund::State::Done);
    QCOMPARE(dialog->refund()->authorisedBy, QStringLiteral("李经理"));

    const store::Order after = m_till->order(paid)->value();
    QCOMPARE(after.state, OrderState::PartiallyRefunded);
    QCOMPARE(after.refundedAmount, Money::fromFen(550));
    QCOMPARE(m_sandbox.trade(paid).value(u"refunded_amount").toString(), QStringLiteral("5.50"));
    QTRY_COMPARE(history.detail().refundCount(), 1);

    // The refund receipt: a PDF named after the refund.
    QSignalSpy printed(m_receipts.get(), &ui::ReceiptOutput::printed);
    dialog->findChild<QPushButton*>(QStringLiteral("refundPrint"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(printed.size(), 1, 30000);
    const QString pdf = printed.first().at(1).toString();
    QVERIFY2(pdf.contains(QStringLiteral("-R1")), qPrintable(pdf));
    QVERIFY(QFile::exists(pdf));
}

void TestManagerWindow::refundNeedsApprovalAndWhatIsLeft()
{
    const QString paid = payQr(1000);
    QVERIFY(!paid.isEmpty());
    ui::OrderHistoryPage& history = m_window->history();
    history.search(paid);
    ui::RefundDialog* dialog = history.openRefund();
    QVERIFY(dialog);
    // More than was paid: refused before anybody is asked or anything recorded.
    dialog->setAmountText(QStringLiteral("10.01"));
    QVERIFY(!dialog->submit());
    QVERIFY(dialog->message().contains(QStringLiteral("10.00")));
    QVERIFY(m_asked.isEmpty());
    // The manager says no: nothing recorded, nothing sent.
    m_answer.reset();
    dialog->setAmountText(QStringLiteral("1.00"));
    QVERIFY(!dialog->submit());
    QCOMPARE(m_asked.size(), 1);
    QVERIFY(m_till->refunds(paid)->isEmpty());
    QCOMPARE(m_sandbox.trade(paid).value(u"refunded_amount").toString(), QStringLiteral("0.00"));
}

void TestManagerWindow::unknownOrderResolvedByHand()
{
    const QString unknown = bookOrder(OrderState::Unknown, 880);
    QVERIFY(!unknown.isEmpty());
    ui::OrderHistoryPage& history = m_window->history();
    history.search(unknown);
    QCOMPARE(history.detail().outTradeNo(), unknown);
    auto* attention = history.detail().findChild<QLabel*>(QStringLiteral("detailAttention"));
    QVERIFY(attention->isVisible());
    QVERIFY(attention->text().contains(QStringLiteral("no answer to the query")));
    QVERIFY(history.detail().findChild<QPushButton*>(QStringLiteral("resolveButton"))->isEnabled());
    QVERIFY(!history.detail().findChild<QPushButton*>(QStringLiteral("refundButton"))->isEnabled());

    auto resolved = m_till->resolveByHand(unknown, QStringLiteral("商户平台查无此交易"), QStringLiteral("李经理"));
    QVERIFY(resolved.ok());
    QTRY_VERIFY(!attention->isVisible());
    QCOMPARE(history.model().orderAt(0).state, OrderState::Closed);
}

void TestManagerWindow::dayReconciledWithAlipaysBill()
{
    QVERIFY(!payQr(4321).isEmpty());
    ui::ReconcilePage& page = m_window->reconcile();
    m_window->showTab(ui::ManagerWindow::Tab::Reconcile);
    page.setDay(alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc()));
    QSignalSpy done(&page, &ui::ReconcilePage::reconciled);
    page.start();
    QVERIFY(done.wait(30000));
    QVERIFY2(page.report().has_value(), qPrintable(page.summary()));
    // The earlier tests' orders are all at Alipay as in the book, except those written straight into
    // the book; paid in the book and missing at Alipay is what this test adds.
    const int before = page.mismatchRows();
    const QString phantom = bookOrder(OrderState::Paid, 777);
    QVERIFY(!phantom.isEmpty());
    page.start();
    QVERIFY(done.wait(30000));
    QCOMPARE(page.mismatchRows(), before + 1);
    QVERIFY(!page.report()->agrees());
    bool named = false;
    for (const reconcile::Mismatch& mismatch : page.report()->mismatches)
        named = named || (mismatch.outTradeNo == phantom &&
                          mismatch.kind == reconcile::Mismatch::Kind::PaidInBookMissingAtAlipay);
    QVERIFY(named);
}

void TestManagerWindow::shiftHandedOverWithItsSlip()
{
    if (!m_till->people().find(QStringLiteral("王芳"))->has_value())
        QVERIFY(m_till->people().add(QStringLiteral("王芳"), people::Person::Role::Cashier, u"1357").ok());
    QVERIFY(m_till->signIn(QStringLiteral("王芳"), u"1357").ok());
    const QString first = payQr(300);
    const QString last = payQr(700);
    QVERIFY(!first.isEmpty() && !last.isEmpty());
    ui::ShiftPage& page = m_window->shift();
    m_window->showTab(ui::ManagerWindow::Tab::Shift);
    page.refresh();
    QVERIFY2(page.slipText().contains(first) && page.slipText().contains(last), qPrintable(page.slipText()));
    QVERIFY(page.slipText().contains(QStringLiteral("10.00"))); // paid in the shift

    QSignalSpy handedOver(m_window.get(), &ui::ManagerWindow::handedOver);
    auto slip = page.handOver();
    QVERIFY2(slip.ok(), qPrintable(slip ? QString() : slip.error().message()));
    QVERIFY(QFile::exists(*slip));
    QCOMPARE(handedOver.size(), 1);
    QCOMPARE(handedOver.first().first().toString(), QStringLiteral("王芳"));
    QVERIFY(!m_till->shift().has_value());
    QVERIFY(m_till->cashier().isEmpty());
    const ProcessResult text = run(QStringLiteral("pdftotext"), {*slip, QStringLiteral("-")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(QString::fromUtf8(text.out).contains(last), text.out.constData());
}

void TestManagerWindow::dayClosedPrintedAndExported()
{
    QVERIFY(!payQr(1100).isEmpty());
    const QDate today = alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
    ui::DayClosePage& page = m_window->day();
    m_window->showTab(ui::ManagerWindow::Tab::Day);
    page.setDay(today);
    QVERIFY(page.figures().has_value());
    const report::DayReport figures = *page.figures();
    QVERIFY(figures.all.paid.count >= 1);
    // The chart's bars are the day's hours, fen for fen.
    const QList<qint64> bars = page.chart().heights(0);
    QCOMPARE(bars.size(), 24);
    qint64 sum = 0;
    for (qint64 fen : bars)
        sum += fen;
    QCOMPARE(sum, figures.all.paid.amount.fen());

    // Export: a manager approves, or nothing is written.
    const QString csv = m_dir.filePath(QStringLiteral("day.csv"));
    m_answer.reset();
    QVERIFY(!page.exportCsv(csv).ok());
    QVERIFY(!QFile::exists(csv));
    m_answer = QStringLiteral("李经理");
    auto exported = page.exportCsv(csv);
    QVERIFY(exported.ok());
    const QByteArray bytes = readFile(csv);
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    QVERIFY(bytes.contains(figures.all.net().toString().toUtf8()));

    auto printed = page.print();
    QVERIFY2(printed.ok(), qPrintable(printed ? QString() : printed.error().message()));
    const ProcessResult text = run(QStringLiteral("pdftotext"), {*printed, QStringLiteral("-")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(QString::fromUtf8(text.out).contains(figures.all.paid.amount.toString()), text.out.constData());

    m_asked.clear();
    QVERIFY(page.closeDay());
    QCOMPARE(m_asked, QStringList{QStringLiteral("Close business day %1").arg(today.toString(Qt::ISODate))});
    QVERIFY2(page.status().contains(QStringLiteral("李经理")), qPrintable(page.status()));
    QVERIFY(!page.closeDay()); // once
    auto refused = m_till->startPayment({Money::fromFen(100), {}, {}, {}});
    QVERIFY(!refused.ok());
}

QTEST_MAIN(TestManagerWindow)
#include "TestManagerWindow.moc"
