#pragma once

#include "common/Clock.h"
#include "config/GatewayConfig.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace counterpay::alipay {
class GatewayClient;
struct VerifiedResponse;
} // namespace counterpay::alipay

namespace counterpay::setup {

// A signed alipay.trade.query for a made-up order number, and what its answer means for the person in front of it.
class LiveCheck : public QObject
{
    Q_OBJECT

public:
    enum class Verdict
    {
        Accepted,       // Alipay knows the app id, took our signature, and its signed answer verified
        AppKeyMismatch, // isv.invalid-signature: Alipay holds another app public key
        UnknownAppId,   // isv.invalid-app-id / isv.missing-app-id
        ClockOff,       // isv.invalid-timestamp, or the gateway's Date far from our clock
        NoNetwork,      // refused, no such host, timeout, TLS: nothing reached Alipay
        WrongAlipayKey, // the answer does not verify with the Alipay public key configured here
        GatewayProblem, // anything else, with its code and sub_code
    };
    struct Outcome
    {
        Verdict verdict = Verdict::GatewayProblem;
        QString message; // translated, says what to do
        QString detail;  // for the log: codes, the gateway's words, our clock's offset; nothing secret
    };

    // The gateway's Date header further than this from our clock means the clock is off, whatever the
    // answer: Alipay's own window is wider (see sandbox/RequestAuthenticator.h), but receipts and business
    // days follow this clock too.
    static constexpr qint64 kClockToleranceSeconds = qint64{5} * 60;

    explicit LiveCheck(config::GatewayConfig config, const Clock& clock = Clock::system(), QObject* parent = nullptr);
    ~LiveCheck() override;

    void start(); // ends with finished(), once

    // The order number start() asks about: "CHECK-" and our clock's time, never a real order's.
    const QString& outTradeNo() const { return m_outTradeNo; }

    static QString verdictName(Verdict verdict); // "accepted", "app-key-mismatch", ... for logs and scripts

signals:
    void finished(const counterpay::setup::LiveCheck::Outcome& outcome);

private:
    void conclude(const Outcome& outcome);
    Outcome judge(const Result<alipay::VerifiedResponse>& answer) const;
    Outcome judgeAnswer(const alipay::VerifiedResponse& answer) const;
    Outcome judgeFailure(const Error& error) const;

    config::GatewayConfig m_config;
    const Clock& m_clock;
    QString m_outTradeNo;
    QNetworkAccessManager* m_network = nullptr;
    std::unique_ptr<alipay::GatewayClient> m_client;
    std::optional<qint64> m_clockAheadSeconds; // our clock minus the gateway's Date, when it sent one
    bool m_started = false;
    bool m_finished = false;
};

} // namespace counterpay::setup

Q_DECLARE_METATYPE(counterpay::setup::LiveCheck::Outcome)
