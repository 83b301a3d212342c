#include "reconcile/Reconciler.h"

#include "alipay/ChinaTime.h"
#include "store/OrderState.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <limits>

namespace counterpay::reconcile {

namespace {

using Kind = Mismatch::Kind;
using store::Order;
using store::OrderState;
using store::Refund;

bool wasPaid(OrderState state)
{
    return state == OrderState::Paid || state == OrderState::PartiallyRefunded || state == OrderState::Refunded;
}

Money sum(Money a, Money b)
{
    // Amounts of one day stay far below qint64 fen; saturate rather than wrap if they ever do not.
    return a.checkedAdd(b).value_or(Money::fromFen(std::numeric_limits<qint64>::max()));
}

// Where Alipay's instant of a payment or refund can lie, against the day.
enum class Placement
{
    Outside,
    Within,
    Straddles,
};

class Day
{
public:
    explicit Day(QDate day)
        : m_day(day)
        , m_start(alipay::ChinaTime::startOfDay(day))
        , m_end(alipay::ChinaTime::endOfDay(day))
    {}

    // [from, to]: from the order's (or refund's) creation to the moment the book learned the outcome.
    Placement place(QDateTime from, QDateTime to) const
    {
        if (!from.isValid())
            from = to;
        if (!to.isValid())
            to = from;
        if (!from.isValid())
            return Placement::Outside;
        if (to < from)
            std::swap(from, to);
        if (to < m_start || from >= m_end)
            return Placement::Outside;
        if (from >= m_start && to < m_end)
            return Placement::Within;
        return Placement::Straddles;
    }
    // The other day a straddling window meets.
    QDate neighbour(const QDateTime& from) const
    {
        return from.isValid() && from < m_start ? m_day.addDays(-1) : m_day.addDays(1);
    }
    bool contains(const QDateTime& instant) const { return instant.isValid() && instant >= m_start && instant < m_end; }

private:
    QDate m_day;
    QDateTime m_start;
    QDateTime m_end;
};

// CounterPay's own numbering: <terminal>-<yyyyMMdd>-<n> (OrderStore::nextOutTradeNo).
QString terminalOfNumber(const QString& outTradeNo)
{
    static const QRegularExpression number(QStringLiteral("^([A-Za-z0-9_]{1,48})-\\d{8}-\\d+$"));
    const QRegularExpressionMatch match = number.match(outTradeNo);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString recoverAction()
{
    return Reconciler::tr("Run the recovery (counterpay-cli recover, or restart the app), then reconcile again.");
}

// The bill's rows of one out_trade_no.
struct BillTrade
{
    QString outTradeNo;
    QList<const BillRow*> payments;
    QList<const BillRow*> refunds;

    const BillRow& first() const { return payments.isEmpty() ? *refunds.first() : *payments.first(); }
    Money paid() const
    {
        Money total;
        for (const BillRow* row : payments)
            total = sum(total, row->orderAmount);
        return total;
    }
    Money refunded() const
    {
        Money total;
        for (const BillRow* row : refunds)
            total = sum(total, row->refundAmount());
        return total;
    }
};

class Comparison
{
public:
    Comparison(const BookDay& book, const ListedElsewhere& elsewhere, ReconcileReport& report)
        : m_book(book)
        , m_elsewhere(elsewhere)
        , m_report(report)
        , m_day(book.day)
    {
        for (const Order& order : book.orders)
            m_orders.insert(order.outTradeNo, &order);
        for (const Refund& refund : book.refunds)
            m_refunds[refund.outTradeNo].append(&refund);
    }

    void compare(const QList<BillTrade>& trades)
    {
        for (const BillTrade& trade : trades)
            compareTrade(trade);
        for (const Order& order : m_book.orders) {
            if (order.appId == m_book.appId)
                checkBookOrder(order);
        }
    }

private:
    Mismatch mismatch(Kind kind, const QString& outTradeNo, const Order* order) const
    {
        Mismatch found;
        found.kind = kind;
        found.outTradeNo = outTradeNo;
        if (order) {
            found.bookTradeNo = order->tradeNo;
            found.bookTerminal = order->terminalId;
            found.bookState = store::orderStateName(order->state);
            found.bookAppId = order->appId;
        }
        return found;
    }

    static void fromBill(Mismatch& found, const BillRow& row)
    {
        found.billLine = row.line;
        found.alipayTradeNo = row.tradeNo;
        found.alipayTerminal = row.terminalId;
    }

    void add(Mismatch found) { m_report.mismatches.append(std::move(found)); }

    bool isBookTerminal(const QString& terminal) const
    {
        return !terminal.isEmpty() && m_book.terminals.contains(terminal);
    }

    void countBookPayment(const Order& order)
    {
        ++m_report.book.payments;
        m_report.book.paid = sum(m_report.book.paid, order.totalAmount);
    }
    void countBookRefund(Money amount)
    {
        ++m_report.book.refunds;
        m_report.book.refunded = sum(m_report.book.refunded, amount);
    }

    // What the order refunded without a refund record: a cancel that found the order paid refunds it
    // whole, and the book learns it from the cancel's answer (action=refund).
    Money unnumberedRefund(const Order& order) const
    {
        Money numbered;
        for (const Refund* refund : m_refunds.value(order.outTradeNo)) {
            if (refund->state == Refund::State::Done)
                numbered = sum(numbered, refund->amount);
        }
        return order.refundedAmount > numbered ? Money::fromFen(order.refundedAmount.fen() - numbered.fen()) : Money();
    }

    void compareTrade(const BillTrade& trade)
    {
        const Order* order = m_orders.value(trade.outTradeNo);
        const BillRow& first = trade.first();
        if (!order) {
            const bool ours = isBookTerminal(first.terminalId) || isBookTerminal(terminalOfNumber(trade.outTradeNo));
            Mismatch found =
                mismatch(ours ? Kind::PaidAtAlipayNotInBook : Kind::OtherTerminal, trade.outTradeNo, nullptr);
            fromBill(found, first);
            found.alipayAmount = trade.payments.isEmpty() ? trade.refunded() : trade.paid();
            const QString terminal = first.terminalId.isEmpty() ? Reconciler::tr("none") : first.terminalId;
            const QString what = trade.payments.isEmpty()
                                     ? Reconciler::tr("Alipay refunded %1 on trade %2 (terminal %3)")
                                           .arg(trade.refunded().toString(), first.tradeNo, terminal)
                                     : Reconciler::tr("Alipay received %1 on trade %2 (terminal %3)")
                                           .arg(trade.paid().toString(), first.tradeNo, terminal);
            if (ours) {
                found.description = Reconciler::tr("%1; the order book has no such order").arg(what);
                found.action = Reconciler::tr(
                    "An order of this shop's tills is missing from the book (a book restored from a backup, or a "
                    "till writing to another book?). Find where it was recorded; if the sale happened, add it to the "
                    "day's accounts, otherwise refund it to the customer in Alipay.");
            } else {
                found.description = Reconciler::tr("%1, from a terminal this order book does not know").arg(what);
                found.action = Reconciler::tr(
                    "A sale by another system that uses the same Alipay app (another till program, a web shop): "
                    "account for it with that system, not here.");
            }
            add(std::move(found));
            return;
        }
        if (order->appId != m_book.appId) {
            Mismatch found = mismatch(Kind::OtherApp, trade.outTradeNo, order);
            fromBill(found, first);
            found.alipayAmount = trade.paid();
            found.bookAmount = order->totalAmount;
            found.description = Reconciler::tr("It is in the bill of app %1, but the order book holds the order for "
                                               "app %2")
                                    .arg(m_book.appId, order->appId);
            found.action = Reconciler::tr("Check which app the till that took it is set up with, and reconcile the "
                                          "order with that app's settings.");
            add(std::move(found));
            return;
        }
        if (!trade.payments.isEmpty())
            comparePayment(trade, *order);
        for (const BillRow* row : trade.refunds)
            compareRefund(*row, *order);
    }

    void comparePayment(const BillTrade& trade, const Order& order)
    {
        m_paidAtAlipay.insert(order.outTradeNo);
        const BillRow& row = *trade.payments.first();
        const Money paid = trade.paid();
        if (!wasPaid(order.state)) {
            Mismatch found = mismatch(Kind::NotPaidInBook, order.outTradeNo, &order);
            fromBill(found, row);
            found.alipayAmount = paid;
            found.description = Reconciler::tr("Alipay received %1 on trade %2; the order book has the order as %3")
                                    .arg(paid.toString(), row.tradeNo, store::orderStateName(order.state));
            found.action = store::isFinal(order.state)
                               ? Reconciler::tr("The customer paid although the book says not: query the trade, "
                                                "then give the customer the goods or refund the payment in Alipay.")
                               : recoverAction();
            add(std::move(found));
            return;
        }
        countBookPayment(order);
        if (paid != order.totalAmount || trade.payments.size() > 1) {
            Mismatch found = mismatch(Kind::AmountDiffers, order.outTradeNo, &order);
            fromBill(found, row);
            found.alipayAmount = paid;
            found.bookAmount = order.totalAmount;
            found.description = trade.payments.size() > 1
                                    ? Reconciler::tr("Alipay lists %1 payments of it, %2 in all; the book has %3")
                                          .arg(trade.payments.size())
                                          .arg(paid.toString(), order.totalAmount.toString())
                                    : Reconciler::tr("Alipay received %1; the book has %2")
                                          .arg(paid.toString(), order.totalAmount.toString());
            found.action = Reconciler::tr("Query the trade and correct the day's accounts by the difference: "
                                          "Alipay's amount is what the customer paid.");
            add(std::move(found));
        }
        if (!order.tradeNo.isEmpty() && order.tradeNo != row.tradeNo) {
            Mismatch found = mismatch(Kind::TradeNoDiffers, order.outTradeNo, &order);
            fromBill(found, row);
            found.alipayAmount = paid;
            found.bookAmount = order.totalAmount;
            found.description =
                Reconciler::tr("Alipay's trade number is %1; the book recorded %2").arg(row.tradeNo, order.tradeNo);
            found.action = Reconciler::tr("Query the trade: the book holds another trade's number for this order.");
            add(std::move(found));
        }
        if (!row.terminalId.isEmpty() && !order.terminalId.isEmpty() && row.terminalId != order.terminalId) {
            Mismatch found = mismatch(Kind::OtherTerminal, order.outTradeNo, &order);
            fromBill(found, row);
            found.alipayAmount = paid;
            found.bookAmount = order.totalAmount;
            found.description = Reconciler::tr("Alipay has the trade from terminal %1; the book took the order at "
                                               "terminal %2")
                                    .arg(row.terminalId, order.terminalId);
            found.action = Reconciler::tr("Another system numbers its orders like this till: give each its own "
                                          "terminal id so that their numbers never meet, and check this sale.");
            add(std::move(found));
        }
    }

    void compareRefund(const BillRow& row, const Order& order)
    {
        const Refund* mine = nullptr;
        for (const Refund* refund : m_refunds.value(order.outTradeNo)) {
            if (!row.outRequestNo.isEmpty() && refund->outRequestNo == row.outRequestNo)
                mine = refund;
        }
        const Money amount = row.refundAmount();
        if (!mine) {
            // A cancel's refund has no number of ours; it matches what the order refunded beyond its
            // numbered refunds, once.
            if (!m_unnumberedMatched.contains(order.outTradeNo) && unnumberedRefund(order) == amount) {
                m_unnumberedMatched.insert(order.outTradeNo);
                countBookRefund(amount);
                return;
            }
            Mismatch found = mismatch(Kind::RefundNotInBook, order.outTradeNo, &order);
            fromBill(found, row);
            found.outRequestNo = row.outRequestNo;
            found.alipayAmount = amount;
            found.description =
                Reconciler::tr("Alipay refunded %1 (request %2); the order book has no such refund")
                    .arg(amount.toString(),
                         row.outRequestNo.isEmpty() ? Reconciler::tr("without a number") : row.outRequestNo);
            found.action = Reconciler::tr("A refund made outside CounterPay (Alipay's merchant site, or another "
                                          "tool): the money went back to the customer; add it to the day's "
                                          "accounts, and do not refund it again.");
            add(std::move(found));
            return;
        }
        m_refundsAtAlipay.insert(mine->outRequestNo);
        Mismatch found = mismatch(Kind::RefundDiffers, order.outTradeNo, &order);
        fromBill(found, row);
        found.outRequestNo = mine->outRequestNo;
        found.alipayAmount = amount;
        found.bookAmount = mine->amount;
        switch (mine->state) {
        case Refund::State::Done:
            countBookRefund(mine->amount);
            if (mine->amount == amount)
                return;
            found.description =
                Reconciler::tr("Alipay refunded %1; the book has %2").arg(amount.toString(), mine->amount.toString());
            found.action = Reconciler::tr("Correct the day's accounts by the difference: Alipay's amount is what "
                                          "went back to the customer.");
            break;
        case Refund::State::Failed:
            found.description =
                Reconciler::tr("Alipay refunded %1; the book has the refund as failed").arg(amount.toString());
            found.action = Reconciler::tr("The money did go back to the customer: do not refund it again, and "
                                          "correct the day's accounts.");
            break;
        case Refund::State::Requested:
        case Refund::State::Unknown:
            found.kind = Kind::RefundUnresolved;
            found.description =
                Reconciler::tr("Alipay refunded %1; the book still waits for the answer").arg(amount.toString());
            found.action = recoverAction();
            break;
        }
        add(std::move(found));
    }

    void checkBookOrder(const Order& order)
    {
        if (wasPaid(order.state) && !m_paidAtAlipay.contains(order.outTradeNo)) {
            // The payment happened at Alipay between the order's creation and the book learning of it.
            const QDateTime learned = order.paidAt.isValid() ? order.paidAt : order.updatedAt;
            const Placement placement = m_day.place(order.createdAt, learned);
            const bool listedThere =
                placement == Placement::Straddles && m_elsewhere.payments.contains(order.outTradeNo);
            if (placement != Placement::Outside && !listedThere) {
                countBookPayment(order);
                Mismatch found = mismatch(Kind::PaidInBookMissingAtAlipay, order.outTradeNo, &order);
                found.bookAmount = order.totalAmount;
                if (placement == Placement::Straddles)
                    found.otherDay = m_day.neighbour(order.createdAt);
                found.description =
                    Reconciler::tr("The book has %1 paid (trade %2); Alipay's bill has no such payment")
                        .arg(order.totalAmount.toString(),
                             order.tradeNo.isEmpty() ? Reconciler::tr("without a number") : order.tradeNo);
                found.action =
                    placement == Placement::Within
                        ? Reconciler::tr("Query the trade: if Alipay has no payment, the customer did not pay; "
                                         "collect it again or write the sale off.")
                        : Reconciler::tr("It was paid around midnight: if the bill of %1 has it, all is well; "
                                         "otherwise query the trade.")
                              .arg(m_day.neighbour(order.createdAt).toString(Qt::ISODate));
                add(std::move(found));
            }
        } else if (!store::isFinal(order.state) && m_day.contains(order.createdAt) &&
                   !m_paidAtAlipay.contains(order.outTradeNo)) {
            Mismatch found = mismatch(Kind::Unresolved, order.outTradeNo, &order);
            found.bookAmount = order.totalAmount;
            found.description = Reconciler::tr("The order of %1 is still %2 in the book")
                                    .arg(order.totalAmount.toString(), store::orderStateName(order.state));
            found.action = recoverAction();
            add(std::move(found));
        }

        for (const Refund* refund : m_refunds.value(order.outTradeNo))
            checkBookRefund(order, *refund);
        const Money unnumbered = unnumberedRefund(order);
        if (!unnumbered.isZero() && !m_unnumberedMatched.contains(order.outTradeNo)) {
            const Placement placement = m_day.place(order.createdAt, order.updatedAt);
            const bool listedThere =
                placement == Placement::Straddles && m_elsewhere.refundedTrades.contains(order.outTradeNo);
            if (placement != Placement::Outside && !listedThere)
                addMissingRefund(order, QString(), unnumbered, placement, order.createdAt);
        }
    }

    void checkBookRefund(const Order& order, const Refund& refund)
    {
        if (m_refundsAtAlipay.contains(refund.outRequestNo))
            return;
        if (refund.state == Refund::State::Done) {
            const Placement placement = m_day.place(refund.createdAt, refund.doneAt);
            const bool listedThere =
                placement == Placement::Straddles && m_elsewhere.refunds.contains(refund.outRequestNo);
            if (placement != Placement::Outside && !listedThere)
                addMissingRefund(order, refund.outRequestNo, refund.amount, placement, refund.createdAt);
        } else if ((refund.state == Refund::State::Requested || refund.state == Refund::State::Unknown) &&
                   m_day.contains(refund.createdAt)) {
            Mismatch found = mismatch(Kind::RefundUnresolved, order.outTradeNo, &order);
            found.outRequestNo = refund.outRequestNo;
            found.bookAmount = refund.amount;
            found.description = Reconciler::tr("Refund %1 of %2 still waits for Alipay's answer in the book")
                                    .arg(refund.outRequestNo, refund.amount.toString());
            found.action = recoverAction();
            add(std::move(found));
        }
    }

    void addMissingRefund(const Order& order, const QString& outRequestNo, Money amount, Placement placement,
                          const QDateTime& from)
    {
        countBookRefund(amount);
        Mismatch found = mismatch(Kind::RefundMissingAtAlipay, order.outTradeNo, &order);
        found.outRequestNo = outRequestNo;
        found.bookAmount = amount;
        if (placement == Placement::Straddles)
            found.otherDay = m_day.neighbour(from);
        found.description =
            Reconciler::tr("The book has %1 refunded (request %2); Alipay's bill has no such refund")
                .arg(amount.toString(), outRequestNo.isEmpty() ? Reconciler::tr("of the cancel") : outRequestNo);
        found.action = placement == Placement::Within
                           ? Reconciler::tr("Ask Alipay about the refund (a refund query): if it was not made, the "
                                            "customer has not got the money back.")
                           : Reconciler::tr("It was refunded around midnight: if the bill of %1 has it, all is "
                                            "well; otherwise ask Alipay about the refund.")
                                 .arg(m_day.neighbour(from).toString(Qt::ISODate));
        add(std::move(found));
    }

    const BookDay& m_book;
    const ListedElsewhere& m_elsewhere;
    ReconcileReport& m_report;
    Day m_day;
    QHash<QString, const Order*> m_orders;
    QHash<QString, QList<const Refund*>> m_refunds;
    QSet<QString> m_paidAtAlipay;      // orders whose payment the bill lists
    QSet<QString> m_refundsAtAlipay;   // refunds (out_request_no) the bill lists
    QSet<QString> m_unnumberedMatched; // orders whose cancel's refund the bill lists
};

} // namespace

void ListedElsewhere::add(const TradeBill& bill)
{
    for (const BillRow& row : bill.rows) {
        if (!row.isRefund()) {
            payments.insert(row.outTradeNo);
            continue;
        }
        refundedTrades.insert(row.outTradeNo);
        if (!row.outRequestNo.isEmpty())
            refunds.insert(row.outRequestNo);
    }
}

ReconcileReport Reconciler::reconcile(const BookDay& book, const std::optional<TradeBill>& bill,
                                      const ListedElsewhere& elsewhere)
{
    ReconcileReport report;
    report.day = book.day;
    report.appId = book.appId;
    report.billFound = bill.has_value();

    QList<BillTrade> trades;
    if (bill) {
        QHash<QString, qsizetype> index;
        for (const BillRow& row : bill->rows) {
            qsizetype at = index.value(row.outTradeNo, -1);
            if (at < 0) {
                at = trades.size();
                index.insert(row.outTradeNo, at);
                trades.append(BillTrade{row.outTradeNo, {}, {}});
            }
            if (row.isRefund()) {
                trades[at].refunds.append(&row);
                ++report.alipay.refunds;
                report.alipay.refunded = sum(report.alipay.refunded, row.refundAmount());
            } else {
                trades[at].payments.append(&row);
                ++report.alipay.payments;
                report.alipay.paid = sum(report.alipay.paid, row.orderAmount);
            }
        }
    }

    Comparison(book, elsewhere, report).compare(trades);
    std::stable_sort(report.mismatches.begin(), report.mismatches.end(), [](const Mismatch& a, const Mismatch& b) {
        return a.outTradeNo != b.outTradeNo ? a.outTradeNo < b.outTradeNo : a.kind < b.kind;
    });
    return report;
}

} // namespace counterpay::reconcile
