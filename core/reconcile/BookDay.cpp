#include "reconcile/BookDay.h"

#include "alipay/ChinaTime.h"
#include "store/OrderStore.h"

#include <QSet>

namespace counterpay::reconcile {

Result<BookDay> BookDay::load(const store::OrderStore& store, const QString& appId, QDate day,
                              const QStringList& billOutTradeNos, const QStringList& ownTerminals)
{
    BookDay book;
    book.appId = appId;
    book.day = day;
    const QDateTime start = alipay::ChinaTime::startOfDay(day);
    const QDateTime end = alipay::ChinaTime::endOfDay(day);

    QSet<QString> loaded;
    const auto add = [&](const store::Order& order) {
        if (!loaded.contains(order.outTradeNo)) {
            loaded.insert(order.outTradeNo);
            book.orders.append(order);
        }
    };
    const auto addByNumber = [&](const QString& outTradeNo) -> Result<void> {
        if (loaded.contains(outTradeNo))
            return {};
        auto found = store.find(outTradeNo);
        if (!found)
            return found.error();
        if (found->has_value())
            add(**found);
        return {};
    };

    store::OrderFilter filter;
    filter.appId = appId;
    filter.from = alipay::ChinaTime::startOfDay(day.addDays(-1));
    filter.until = end;
    auto orders = store.list(filter);
    if (!orders)
        return orders.error();
    for (const store::Order& order : std::as_const(*orders))
        add(order);

    auto refunds = store.refundsBetween(appId, start, end);
    if (!refunds)
        return refunds.error();
    for (const store::Refund& refund : std::as_const(*refunds)) {
        if (auto ok = addByNumber(refund.outTradeNo); !ok)
            return ok.error();
    }
    for (const QString& outTradeNo : billOutTradeNos) {
        if (auto ok = addByNumber(outTradeNo); !ok)
            return ok.error();
    }

    QSet<QString> terminals(ownTerminals.cbegin(), ownTerminals.cend());
    for (const store::Order& order : std::as_const(book.orders)) {
        auto ofOrder = store.refunds(order.outTradeNo);
        if (!ofOrder)
            return ofOrder.error();
        book.refunds.append(*ofOrder);
        if (order.appId == appId && !order.terminalId.isEmpty())
            terminals.insert(order.terminalId);
    }
    terminals.remove(QString());
    book.terminals = QStringList(terminals.cbegin(), terminals.cend());
    book.terminals.sort();
    return book;
}

} // namespace counterpay::reconcile
