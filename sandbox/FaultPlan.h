#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <random>

namespace counterpay::sandbox {

// The failures of the field, injected on purpose. Every decision draws from one seeded generator in
// the order calls arrive, so a run with the same seed and the same calls fails the same way.
class FaultPlan
{
public:
    enum class Kind
    {
        Latency,          // the reply comes `ms` later
        Drop,             // the connection is closed without a reply; the call is not processed
        Http502,          // a proxy's 502 Bad Gateway page; not processed
        Http504,          // a proxy's 504 Gateway Timeout page; not processed
        Code20000,        // a signed 20000 isp.unknow-error; not processed
        BadSignature,     // processed, but the reply's signature does not verify
        LostReply,        // processed (a pay succeeds), then no reply: the client times out
        NotifyDuplicate,  // a notification is delivered twice, even after `success`
        NotifyOutOfOrder, // a trade's notifications are held `ms` and delivered newest first
    };

    struct Rule
    {
        Kind kind = Kind::Latency;
        double rate = 1.0; // chance that a matching call is hit, 0..1
        int count = -1;    // how many more times it may fire; -1 for no limit
        QString method;    // only calls of this gateway method; empty for every call
        int ms = 0;        // Latency: delay; LostReply: how long to hold the connection (0: until the
                           // client gives up); NotifyOutOfOrder: how long to hold notifications
    };

    // What happens to one gateway call.
    struct CallFaults
    {
        enum class Outcome
        {
            Normal,
            Drop,
            Http502,
            Http504,
            Code20000,
            BadSignature,
            LostReply,
        };
        int latencyMs = 0;
        Outcome outcome = Outcome::Normal;
        int holdMs = 0;
        QStringList fired; // kind names, for the log

        bool processed() const
        {
            return outcome == Outcome::Normal || outcome == Outcome::BadSignature || outcome == Outcome::LostReply;
        }
    };

    struct NotifyFaults
    {
        bool duplicate = false;
        int holdMs = 0; // > 0: out of order
    };

    static constexpr int kDefaultOutOfOrderHoldMs = 1500;

    explicit FaultPlan(quint64 seed = 0);

    quint64 seed() const { return m_seed; }
    void reseed(quint64 seed);
    const QList<Rule>& rules() const { return m_rules; }
    void add(const Rule& rule) { m_rules.append(rule); }
    void clear() { m_rules.clear(); }

    CallFaults decideForCall(const QString& method);
    NotifyFaults decideForNotification();

    // "drop", "http_502:count=2", "latency:ms=1500,rate=0.5,method=alipay.trade.query".
    static Result<Rule> parseSpec(const QString& spec);
    static Result<Rule> ruleFromJson(const QJsonObject& json);
    static QJsonObject ruleToJson(const Rule& rule);
    static QString kindName(Kind kind);
    static QStringList kindNames();

    // {"seed": 7, "faults": [{"kind": "drop", "rate": 0.5, "count": 2, "method": "...", "ms": 0}]}.
    // Replaces every rule; "seed" is optional and restarts the generator.
    Result<void> replaceFromJson(const QJsonObject& json);
    QJsonObject toJson() const;

private:
    bool fires(Rule& rule);

    quint64 m_seed = 0;
    std::mt19937_64 m_random;
    QList<Rule> m_rules;
};

} // namespace counterpay::sandbox
