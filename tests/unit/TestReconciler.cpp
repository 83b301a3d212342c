// Reconciler: the order book's day against Alipay's trade bill, one difference of each kind, each naming
// its out_trade_no, with both sides' figures and an action; days told apart in China time; a cancel's
// refund, an old order's refund and a midnight payment handled as Alipay lists them.
#include "alipay/ChinaTime.h"
#include "reconcile/Reconciler.h"

#include <QTest>
#include <QTranslator>

using namespace counterpay;
using namespace counterpay::reconcile;
using Kind = Mismatch::Kind;
using store::Order;
using store::OrderState;
using store::Refund;

namespace {

const QDate kDay(2026, 11, 26);
const QString kApp = QStringLiteral("2021000000000001");

QDateTime at(int hour, int minute, int dayOffset = 0)
{
    return alipay::ChinaTime::at(kDay.addDays(dayOffset), QTime(hour, minute));
}

QString number(int n)
{
    return QStringLiteral("T1-20261126-%1").arg(n, 6, 10, QLatin1Char('0'));
}

QString tradeNo(int n)
{
    return QStringLiteral("20261126220014%1").arg(n, 14, 10, QLatin1Char('0'));
}

Order order(const QString& outTradeNo, qint64 fen, OrderState state, const QDateTime& created, const QDateTime& settled,
            const QString& trade = {})
{
    Order made;
    made.outTradeNo = outTradeNo;
    made.appId = kApp;
    made.totalAmount = Money::fromFen(fen);
    made.state = state;
    made.tradeNo = trade;
    made.terminalId = QStringLiteral("T1");
    made.createdAt = created;
    made.updatedAt = settled;
    if (state == OrderState::Paid || state == OrderState::PartiallyRefunded)
        made.paidAt = settled;
    return made;
}

Order paid(int n, qint64 fen, const QDateTime& created, const QDateTime& paidAt)
{
    return order(number(n), fen, OrderState::Paid, created, paidAt, tradeNo(n));
}

Refund refund(const QString& outTradeNo, const QString& outRequestNo, qint64 fen, Refund::State state,
              const QDateTime& created, const QDateTime& done)
{
    Refund made;
    made.outTradeNo = outTradeNo;
    made.outRequestNo = outRequestNo;
    made.amount = Money::fromFen(fen);
    made.state = state;
    made.createdAt = created;
    made.doneAt = done;
    return made;
}

BillRow payment(const QString& outTradeNo, qint64 fen, const QString& trade, const QDateTime& completed,
                const QString& terminal = QStringLiteral("T1"))
{
    BillRow row;
    row.type = BillRow::Type::Payment;
    row.outTradeNo = outTradeNo;
    row.tradeNo = trade;
    row.orderAmount = Money::fromFen(fen);
    row.received = Money::fromFen(fen);
    row.completedAt = completed;
    row.terminalId = terminal;
    return row;
}

BillRow refundRow(const QString& outTradeNo, const QString& outRequestNo, qint64 fen, const QString& trade,
                  const QDateTime& completed)
{
    BillRow row = payment(outTradeNo, 0, trade, completed);
    row.type = BillRow::Type::Refund;
    row.received = Money::fromFen(-fen);
    row.outRequestNo = outRequestNo;
    return row;
}

TradeBill bill(const QList<BillRow>& rows)
{
    TradeBill made;
    made.rows = rows;
    return made;
}

BookDay book(const QList<Order>& orders, const QList<Refund>& refunds = {})
{
    BookDay made;
    made.appId = kApp;
    made.day = kDay;
    made.orders = orders;
    made.refunds = refunds;
    made.terminals = {QStringLiteral("T1")};
    return made;
}

QString describe(const ReconcileReport& report)
{
    QStringList lines;
    for (const Mismatch& mismatch : report.mismatches)
        lines << Mismatch::kindName(mismatch.kind) + u' ' + mismatch.outTradeNo + QStringLiteral(": ") +
                     mismatch.description;
    return lines.join(u'\n');
}

// Exactly one mismatch, of that kind and order, with words for both what and what to do; null otherwise.
const Mismatch* only(const ReconcileReport& report, Kind kind, const QString& outTradeNo)
{
    if (report.mismatches.size() != 1)
        return nullptr;
    const Mismatch& found = report.mismatches.first();
    if (found.kind != kind || found.outTradeNo != outTradeNo || found.description.isEmpty() || found.action.isEmpty())
        return nullptr;
    return &found;
}

#define EXPECT_ONLY(name, report, kind, outTradeNo)                                                                    \
    const Mismatch* name = only(report, kind, outTradeNo);                                                             \
    QVERIFY2(name, qPrintable(describe(report)))

// A translator for the Reconciler's context alone: proves its words go through translate().
class Marker : public QTranslator
{
public:
    QString translate(const char* context, const char* sourceText, const char* disambiguation = nullptr,
                      int n = -1) const override
    {
        Q_UNUSED(disambiguation)
        Q_UNUSED(n)
        return qstrcmp(context, "Reconciler") == 0 ? QStringLiteral("[zh] ") + QString::fromUtf8(sourceText)
                                                   : QString();
    }
    bool isEmpty() const override { return false; }
};

} // namespace

class TestReconciler : public QObject
{
    Q_OBJECT

private slots:
    void agrees();
    void paidAtAlipayNotInBook();
    void otherTerminal();
    void otherApp();
    void notPaidInBook();
    void paidInBookMissingAtAlipay();
    void midnight();
    void amountDiffers();
    void tradeNoDiffers();
    void refundNotInBook();
    void refundMissingAtAlipay();
    void refundDiffers();
    void refundUnresolved();
    void unresolved();
    void cancelRefund();
    void oldOrderRefundedToday();
    void noBill();
    void translated();
};

void TestReconciler::agrees()
{
    const Order coffee = order(number(1), 1234, OrderState::PartiallyRefunded, at(9, 15), at(11, 30), tradeNo(1));
    Order tea = paid(2, 500, at(10, 1), at(10, 2));
    const Refund back =
        refund(number(1), number(1) + QStringLiteral("-R1"), 234, Refund::State::Done, at(11, 29), at(11, 30));
    const Order closed = order(number(3), 800, OrderState::Closed, at(12, 0), at(12, 5));
    const Order yesterday = paid(4, 100, at(10, 0, -1), at(10, 1, -1));
    const auto report = Reconciler::reconcile(
        book({coffee, tea, closed, yesterday}, {back}),
        bill({payment(number(1), 1234, tradeNo(1), at(9, 15)), payment(number(2), 500, tradeNo(2), at(10, 1)),
              refundRow(number(1), back.outRequestNo, 234, tradeNo(1), at(11, 30))}));
    QVERIFY2(report.agrees(), qPrintable(describe(report)));
    QVERIFY(report.billFound);
    QCOMPARE(report.alipay, (ReconcileTotals{2, Money::fromFen(1734), 1, Money::fromFen(234)}));
    QCOMPARE(report.book, report.alipay);
    QCOMPARE(report.alipay.net(), Money::fromFen(1500));
}

void TestReconciler::paidAtAlipayNotInBook()
{
    // By its terminal, or by CounterPay's numbering when the bill has no terminal.
    for (const QString& terminal : {QStringLiteral("T1"), QString()}) {
        const auto report =
            Reconciler::reconcile(book({}), bill({payment(number(9), 300, tradeNo(9), at(15, 0), terminal)}));
        EXPECT_ONLY(found, report, Kind::PaidAtAlipayNotInBook, number(9));
        QCOMPARE(found->alipayAmount, Money::fromFen(300));
        QVERIFY(!found->bookAmount);
        QCOMPARE(found->alipayTradeNo, tradeNo(9));
    }
}

void TestReconciler::otherTerminal()
{
    // Another client of the same app: a number and a terminal this book does not know.
    const auto report = Reconciler::reconcile(
        book({}), bill({payment(QStringLiteral("WEB-889"), 777, tradeNo(3), at(20, 0), QStringLiteral("WEBSHOP"))}));
    EXPECT_ONLY(found, report, Kind::OtherTerminal, QStringLiteral("WEB-889"));
    QCOMPARE(found->alipayTerminal, QStringLiteral("WEBSHOP"));
    QVERIFY(found->description.contains(QStringLiteral("WEBSHOP")));

    // Our number, another terminal's trade at Alipay: two clients number orders alike.
    const auto collision =
        Reconciler::reconcile(book({paid(1, 500, at(9, 0), at(9, 1))}),
                              bill({payment(number(1), 500, tradeNo(1), at(9, 0), QStringLiteral("POS2"))}));
    EXPECT_ONLY(same, collision, Kind::OtherTerminal, number(1));
    QCOMPARE(same->bookTerminal, QStringLiteral("T1"));
    QCOMPARE(same->alipayTerminal, QStringLiteral("POS2"));
}

void TestReconciler::otherApp()
{
    Order theirs = paid(5, 1000, at(9, 0), at(9, 1));
    theirs.appId = QStringLiteral("2021000000000002");
    const auto report = Reconciler::reconcile(book({theirs}), bill({payment(number(5), 1000, tradeNo(5), at(9, 0))}));
    EXPECT_ONLY(found, report, Kind::OtherApp, number(5));
    QCOMPARE(found->bookAppId, QStringLiteral("2021000000000002"));
    // The other app's order is not this app's to miss either.
    QVERIFY(Reconciler::reconcile(book({theirs}), bill({})).agrees());
}

void TestReconciler::notPaidInBook()
{
    const auto closed = Reconciler::reconcile(book({order(number(6), 600, OrderState::Closed, at(9, 0), at(9, 5))}),
                                              bill({payment(number(6), 600, tradeNo(6), at(9, 4))}));
    EXPECT_ONLY(found, closed, Kind::NotPaidInBook, number(6));
    QCOMPARE(found->bookState, QStringLiteral("closed"));
    QVERIFY(found->action.contains(QStringLiteral("refund")));

    const auto open = Reconciler::reconcile(book({order(number(6), 600, OrderState::Unknown, at(9, 0), at(9, 5))}),
                                            bill({payment(number(6), 600, tradeNo(6), at(9, 4))}));
    EXPECT_ONLY(openFound, open, Kind::NotPaidInBook, number(6));
    QVERIFY(openFound->action.contains(QStringLiteral("recover")));
}

void TestReconciler::paidInBookMissingAtAlipay()
{
    const auto report = Reconciler::reconcile(book({paid(7, 990, at(14, 0), at(14, 1))}), bill({}));
    EXPECT_ONLY(found, report, Kind::PaidInBookMissingAtAlipay, number(7));
    QCOMPARE(found->bookAmount, Money::fromFen(990));
    QVERIFY(!found->alipayAmount);
    QCOMPARE(report.book, (ReconcileTotals{1, Money::fromFen(990), 0, Money()}));
}

void TestReconciler::midnight()
{
    // Created before midnight, known paid after: Alipay may list it on either day.
    const Order late = paid(8, 420, at(23, 59, -1), at(0, 1));
    const auto report = Reconciler::reconcile(book({late}), bill({}));
    EXPECT_ONLY(found, report, Kind::PaidInBookMissingAtAlipay, number(8));
    QVERIFY2(found->action.contains(QStringLiteral("2026-11-25")), qPrintable(found->action));
    QCOMPARE(found->otherDay, QDate(2026, 11, 25));
    // The bill of the 25th lists it: it is that day's, no difference of this one.
    ListedElsewhere elsewhere;
    elsewhere.add(bill({payment(number(8), 420, tradeNo(8), at(23, 59, -1))}));
    const auto settled = Reconciler::reconcile(book({late}), bill({}), elsewhere);
    QVERIFY2(settled.agrees(), qPrintable(describe(settled)));
    QCOMPARE(settled.book.payments, 0);
    // A refund asked for before midnight and done after, listed the next day.
    Order partly = order(number(20), 1000, OrderState::PartiallyRefunded, at(9, 0), at(0, 1, 1), tradeNo(20));
    partly.paidAt = at(9, 1);
    const Refund lateRefund =
        refund(number(20), number(20) + QStringLiteral("-R1"), 100, Refund::State::Done, at(23, 59), at(0, 1, 1));
    const auto refundReport =
        Reconciler::reconcile(book({partly}, {lateRefund}), bill({payment(number(20), 1000, tradeNo(20), at(9, 0))}));
    EXPECT_ONLY(refundFound, refundReport, Kind::RefundMissingAtAlipay, number(20));
    QCOMPARE(refundFound->otherDay, QDate(2026, 11, 27));
    ListedElsewhere nextDay;
    nextDay.add(bill({refundRow(number(20), lateRefund.outRequestNo, 100, tradeNo(20), at(0, 0, 1))}));
    QVERIFY(Reconciler::reconcile(book({partly}, {lateRefund}),
                                  bill({payment(number(20), 1000, tradeNo(20), at(9, 0))}), nextDay)
                .agrees());
    // Listed on this day: nothing to say.
    QVERIFY(Reconciler::reconcile(book({late}), bill({payment(number(8), 420, tradeNo(8), at(0, 0))})).agrees());
    // Paid and learned the day before: not this day's.
    QVERIFY(Reconciler::reconcile(book({paid(8, 420, at(23, 0, -1), at(23, 1, -1))}), bill({})).agrees());
}

void TestReconciler::amountDiffers()
{
    const auto report = Reconciler::reconcile(book({paid(10, 550, at(9, 0), at(9, 1))}),
                                              bill({payment(number(10), 500, tradeNo(10), at(9, 0))}));
    EXPECT_ONLY(found, report, Kind::AmountDiffers, number(10));
    QCOMPARE(found->alipayAmount, Money::fromFen(500));
    QCOMPARE(found->bookAmount, Money::fromFen(550));

    // A payment listed twice is a difference too.
    const auto twice = Reconciler::reconcile(
        book({paid(10, 500, at(9, 0), at(9, 1))}),
        bill({payment(number(10), 500, tradeNo(10), at(9, 0)), payment(number(10), 500, tradeNo(10), at(9, 0))}));
    EXPECT_ONLY(twiceFound, twice, Kind::AmountDiffers, number(10));
    QCOMPARE(twiceFound->alipayAmount, Money::fromFen(1000));
}

void TestReconciler::tradeNoDiffers()
{
    const auto report = Reconciler::reconcile(book({paid(11, 500, at(9, 0), at(9, 1))}),
                                              bill({payment(number(11), 500, tradeNo(99), at(9, 0))}));
    EXPECT_ONLY(found, report, Kind::TradeNoDiffers, number(11));
    QCOMPARE(found->alipayTradeNo, tradeNo(99));
    QCOMPARE(found->bookTradeNo, tradeNo(11));
}

void TestReconciler::refundNotInBook()
{
    const auto report =
        Reconciler::reconcile(book({paid(12, 1000, at(9, 0), at(9, 1))}),
                              bill({payment(number(12), 1000, tradeNo(12), at(9, 0)),
                                    refundRow(number(12), QStringLiteral("PORTAL-1"), 300, tradeNo(12), at(16, 0))}));
    EXPECT_ONLY(found, report, Kind::RefundNotInBook, number(12));
    QCOMPARE(found->outRequestNo, QStringLiteral("PORTAL-1"));
    QCOMPARE(found->alipayAmount, Money::fromFen(300));
}

void TestReconciler::refundMissingAtAlipay()
{
    const Order partly = order(number(13), 1000, OrderState::PartiallyRefunded, at(9, 0), at(9, 1), tradeNo(13));
    const Refund back =
        refund(number(13), number(13) + QStringLiteral("-R1"), 400, Refund::State::Done, at(15, 0), at(15, 1));
    const auto report =
        Reconciler::reconcile(book({partly}, {back}), bill({payment(number(13), 1000, tradeNo(13), at(9, 0))}));
    EXPECT_ONLY(found, report, Kind::RefundMissingAtAlipay, number(13));
    QCOMPARE(found->outRequestNo, back.outRequestNo);
    QCOMPARE(found->bookAmount, Money::fromFen(400));
    QCOMPARE(report.book.refunds, 1);
}

void TestReconciler::refundDiffers()
{
    const Order partly = order(number(14), 1000, OrderState::PartiallyRefunded, at(9, 0), at(9, 1), tradeNo(14));
    const QString request = number(14) + QStringLiteral("-R1");
    const QList<BillRow> rows{payment(number(14), 1000, tradeNo(14), at(9, 0)),
                              refundRow(number(14), request, 300, tradeNo(14), at(15, 1))};
    const auto amounts = Reconciler::reconcile(
        book({partly}, {refund(number(14), request, 400, Refund::State::Done, at(15, 0), at(15, 1))}), bill(rows));
    EXPECT_ONLY(found, amounts, Kind::RefundDiffers, number(14));
    QCOMPARE(found->alipayAmount, Money::fromFen(300));
    QCOMPARE(found->bookAmount, Money::fromFen(400));

    const auto failed =
        Reconciler::reconcile(book({paid(14, 1000, at(9, 0), at(9, 1))},
                                   {refund(number(14), request, 300, Refund::State::Failed, at(15, 0), at(15, 1))}),
                              bill(rows));
    EXPECT_ONLY(failedFound, failed, Kind::RefundDiffers, number(14));
    QVERIFY(failedFound->description.contains(QStringLiteral("failed")));
}

void TestReconciler::refundUnresolved()
{
    const QString request = number(15) + QStringLiteral("-R1");
    const Refund waiting = refund(number(15), request, 300, Refund::State::Unknown, at(15, 0), QDateTime());
    const Order order15 = paid(15, 1000, at(9, 0), at(9, 1));
    // Made at Alipay, unknown in the book; and not made at Alipay, still unknown in the book.
    const auto made = Reconciler::reconcile(book({order15}, {waiting}),
                                            bill({payment(number(15), 1000, tradeNo(15), at(9, 0)),
                                                  refundRow(number(15), request, 300, tradeNo(15), at(15, 1))}));
    EXPECT_ONLY(madeFound, made, Kind::RefundUnresolved, number(15));
    QVERIFY(madeFound->action.contains(QStringLiteral("recover")));
    const auto notMade =
        Reconciler::reconcile(book({order15}, {waiting}), bill({payment(number(15), 1000, tradeNo(15), at(9, 0))}));
    EXPECT_ONLY(notMadeFound, notMade, Kind::RefundUnresolved, number(15));
    QCOMPARE(notMadeFound->outRequestNo, request);
}

void TestReconciler::unresolved()
{
    const auto report =
        Reconciler::reconcile(book({order(number(16), 200, OrderState::AwaitingScan, at(18, 0), at(18, 0))}), bill({}));
    EXPECT_ONLY(reportFound, report, Kind::Unresolved, number(16));
    QVERIFY(reportFound->action.contains(QStringLiteral("recover")));
}

void TestReconciler::cancelRefund()
{
    // The cancel found the order paid and Alipay refunded it: the book has no refund record, only the
    // order refunded; Alipay lists the payment and a refund under the trade's own number.
    Order cancelled = order(number(17), 880, OrderState::Refunded, at(13, 0), at(13, 6));
    cancelled.refundedAmount = cancelled.totalAmount;
    const QList<BillRow> both{payment(number(17), 880, tradeNo(17), at(13, 4)),
                              refundRow(number(17), number(17), 880, tradeNo(17), at(13, 5))};
    const auto report = Reconciler::reconcile(book({cancelled}), bill(both));
    QVERIFY2(report.agrees(), qPrintable(describe(report)));
    QCOMPARE(report.book, report.alipay);

    const auto missing = Reconciler::reconcile(book({cancelled}), bill({both.first()}));
    EXPECT_ONLY(missingFound, missing, Kind::RefundMissingAtAlipay, number(17));
    QVERIFY(missingFound->outRequestNo.isEmpty());
}

void TestReconciler::oldOrderRefundedToday()
{
    Order old = order(QStringLiteral("T1-20261120-000003"), 2000, OrderState::PartiallyRefunded, at(9, 0, -6),
                      at(11, 0), tradeNo(3));
    old.paidAt = at(9, 1, -6);
    const Refund back =
        refund(old.outTradeNo, old.outTradeNo + QStringLiteral("-R1"), 500, Refund::State::Done, at(10, 59), at(11, 0));
    const auto report = Reconciler::reconcile(
        book({old}, {back}), bill({refundRow(old.outTradeNo, back.outRequestNo, 500, tradeNo(3), at(11, 0))}));
    QVERIFY2(report.agrees(), qPrintable(describe(report)));
    QCOMPARE(report.book, (ReconcileTotals{0, Money(), 1, Money::fromFen(500)}));
}

void TestReconciler::noBill()
{
    const auto empty = Reconciler::reconcile(book({}), std::nullopt);
    QVERIFY(empty.agrees());
    QVERIFY(!empty.billFound);
    const auto missing = Reconciler::reconcile(book({paid(18, 100, at(9, 0), at(9, 1))}), std::nullopt);
    EXPECT_ONLY(found, missing, Kind::PaidInBookMissingAtAlipay, number(18));
}

void TestReconciler::translated()
{
    Marker marker;
    QVERIFY(QCoreApplication::installTranslator(&marker));
    const auto report = Reconciler::reconcile(book({paid(19, 100, at(9, 0), at(9, 1))}), bill({}));
    QCoreApplication::removeTranslator(&marker);
    EXPECT_ONLY(found, report, Kind::PaidInBookMissingAtAlipay, number(19));
    QVERIFY(found->description.startsWith(QStringLiteral("[zh] ")));
    QVERIFY(found->action.startsWith(QStringLiteral("[zh] ")));
}

QTEST_GUILESS_MAIN(TestReconciler)
#include "TestReconciler.moc"
