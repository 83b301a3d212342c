#pragma once

// A TradeGateway whose answers tests script, on manual time: no network, no sleeping. Every call is
// remembered as "method@ms since start".
#include "common/Clock.h"
#include "common/Error.h"
#include "common/Scheduler.h"
#include "payment/TradeGateway.h"

#include <QStringList>

#include <algorithm>

namespace counterpay::testing {

using Query = alipay::TradeQuery::Response;

inline Error networkDown()
{
    return Error::network(QStringLiteral("cannot connect"));
}

inline Error notExist()
{
    return Error(Error::Category::Business, QStringLiteral("交易不存在"), {}, QStringLiteral("40004"),
                 QStringLiteral("ACQ.TRADE_NOT_EXIST"));
}

inline Result<Query> status(const char* tradeStatus, qint64 fen)
{
    Query query;
    query.outTradeNo = QStringLiteral("(any)");
    query.tradeNo = QStringLiteral("2026112622001400000000000001");
    query.tradeStatus = QString::fromLatin1(tradeStatus);
    query.totalAmount = Money::fromFen(fen);
    query.buyerLogonId = QStringLiteral("159****5620");
    return query;
}

// Answers each call with the next scripted answer for its method (after `latencyMs` of manual time),
// and remembers every call.
class ScriptedGateway final : public payment::TradeGateway
{
public:
    explicit ScriptedGateway(Scheduler& scheduler)
        : m_scheduler(scheduler)
    {}

    std::function<Result<alipay::TradePrecreate::Response>(const alipay::TradePrecreate&)> onPrecreate =
        [](const alipay::TradePrecreate& call) {
            return Result<alipay::TradePrecreate::Response>(
                alipay::TradePrecreate::Response{call.outTradeNo, QStringLiteral("https://qr.alipay.com/bax1")});
        };
    std::function<Result<alipay::TradePay::Response>(const alipay::TradePay&)> onPay;
    std::function<Result<Query>(const alipay::TradeQuery&)> onQuery = [](const alipay::TradeQuery&) {
        return Result<Query>(notExist());
    };
    std::function<Result<alipay::TradeCancel::Response>(const alipay::TradeCancel&)> onCancel =
        [](const alipay::TradeCancel& call) {
            return Result<alipay::TradeCancel::Response>(
                alipay::TradeCancel::Response{call.outTradeNo, {}, false, QStringLiteral("close"), {}});
        };
    std::function<Result<alipay::TradeRefundQuery::Response>(const alipay::TradeRefundQuery&)> onRefundQuery =
        [](const alipay::TradeRefundQuery& call) {
            alipay::TradeRefundQuery::Response response;
            response.outTradeNo = call.outTradeNo;
            return Result<alipay::TradeRefundQuery::Response>(response);
        };
    // Refunds succeed by default: money moved, refund_fee is the amount asked for.
    std::function<Result<alipay::TradeRefund::Response>(const alipay::TradeRefund&)> onRefund =
        [](const alipay::TradeRefund& call) {
            alipay::TradeRefund::Response response;
            response.outTradeNo = call.outTradeNo;
            response.tradeNo = QStringLiteral("2026112622001400000000000001");
            response.fundChange = true;
            response.refundFee = call.refundAmount;
            return Result<alipay::TradeRefund::Response>(response);
        };
    qint64 latencyMs = 50;
    QStringList calls;              // "query@1500"
    QList<QByteArray> createBodies; // biz_content of every precreate/pay
    QList<QByteArray> refundBodies; // biz_content of every refund
    qint64 startMs = 0;
    const Clock* clock = nullptr;

    void precreate(const alipay::TradePrecreate& call, Reply<alipay::TradePrecreate::Response> done) override
    {
        record(QStringLiteral("precreate"));
        createBodies.append(call.request().bizContent);
        later([=, this] { done(onPrecreate(call)); });
    }
    void pay(const alipay::TradePay& call, Reply<alipay::TradePay::Response> done) override
    {
        record(QStringLiteral("pay"));
        createBodies.append(call.request().bizContent);
        later([=, this] { done(onPay(call)); });
    }
    void query(const alipay::TradeQuery& call, Reply<Query> done) override
    {
        record(QStringLiteral("query"));
        later([=, this] {
            auto answer = onQuery(call);
            if (answer)
                answer.value().outTradeNo = call.outTradeNo;
            done(answer);
        });
    }
    void cancel(const alipay::TradeCancel& call, Reply<alipay::TradeCancel::Response> done) override
    {
        record(QStringLiteral("cancel"));
        later([=, this] { done(onCancel(call)); });
    }

    void refund(const alipay::TradeRefund& call, Reply<alipay::TradeRefund::Response> done) override
    {
        record(QStringLiteral("refund"));
        refundBodies.append(call.request().bizContent);
        later([=, this] { done(onRefund(call)); });
    }

    void refundQuery(const alipay::TradeRefundQuery& call, Reply<alipay::TradeRefundQuery::Response> done) override
    {
        record(QStringLiteral("refund-query"));
        later([=, this] { done(onRefundQuery(call)); });
    }

    int count(const QString& method) const
    {
        return static_cast<int>(
            std::count_if(calls.begin(), calls.end(), [&](const QString& c) { return c.startsWith(method + u'@'); }));
    }

private:
    void record(const QString& method)
    {
        calls.append(QStringLiteral("%1@%2").arg(method).arg(clock->now().toMSecsSinceEpoch() - startMs));
    }
    void later(std::function<void()> task) { m_scheduler.schedule(latencyMs, nullptr, std::move(task)); }

    Scheduler& m_scheduler;
};

} // namespace counterpay::testing
