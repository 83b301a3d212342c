#include "setup/LiveCheck.h"

#include "alipay/GatewayAnswer.h"
#include "alipay/GatewayClient.h"
#include "alipay/api/TradeQuery.h"

#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

#include <functional>

namespace counterpay::setup {

namespace {

// An HTTP Date header (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"), always in GMT.
std::optional<QDateTime> httpDate(const QByteArray& text)
{
    const QString value = QString::fromLatin1(text).trimmed();
    if (!value.endsWith(QStringLiteral(" GMT")))
        return std::nullopt;
    const QDateTime local = QLocale::c().toDateTime(value.chopped(4), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!local.isValid())
        return std::nullopt;
    return QDateTime(local.date(), local.time(), Qt::UTC);
}

// The network of one check, which notes the Date every answer carries: the gateway's clock, to hold ours
// against. GatewayClient reads only the body.
class DateNotingNetwork final : public QNetworkAccessManager
{
public:
    using Noted = std::function<void(const QDateTime& gatewayTime)>;

    DateNotingNetwork(Noted noted, QObject* parent)
        : QNetworkAccessManager(parent)
        , m_noted(std::move(noted))
    {}

protected:
    QNetworkReply* createRequest(Operation operation, const QNetworkRequest& request, QIODevice* data) override
    {
        QNetworkReply* reply = QNetworkAccessManager::createRequest(operation, request, data);
        connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply = QPointer<QNetworkReply>(reply)] {
            if (!reply)
                return;
            if (auto date = httpDate(reply->rawHeader("Date")))
                m_noted(*date);
        });
        return reply;
    }

private:
    Noted m_noted;
};

QString whereOf(const QUrl& url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

} // namespace

LiveCheck::LiveCheck(config::GatewayConfig config, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock)
    , m_outTradeNo(QStringLiteral("CHECK-") + m_clock.now().toString(QStringLiteral("yyyyMMddHHmmsszzz")))
{}

LiveCheck::~LiveCheck() = default;

QString LiveCheck::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Accepted:
        return QStringLiteral("accepted");
    case Verdict::AppKeyMismatch:
        return QStringLiteral("app-key-mismatch");
    case Verdict::UnknownAppId:
        return QStringLiteral("unknown-app-id");
    case Verdict::ClockOff:
        return QStringLiteral("clock-off");
    case Verdict::NoNetwork:
        return QStringLiteral("no-network");
    case Verdict::WrongAlipayKey:
        return QStringLiteral("wrong-alipay-key");
    case Verdict::GatewayProblem:
        return QStringLiteral("gateway-problem");
    }
    return {};
}

void LiveCheck::start()
{
    if (m_started)
        return;
    m_started = true;
    m_network = new DateNotingNetwork(
        [this](const QDateTime& gatewayTime) { m_clockAheadSeconds = gatewayTime.secsTo(m_clock.now()); }, this);
    m_client = m_config.makeClient(m_network, m_clock, this);
    const alipay::TradeQuery call{m_outTradeNo};
    m_client->send(call.request(), [this, call](Result<alipay::VerifiedResponse> answer) {
        if (answer && answer->isSuccess()) {
            // A trade of that number exists after all: the signed, verified answer says the keys work.
            if (auto trade = call.parse(*answer); !trade)
                answer = trade.error();
        }
        conclude(judge(answer));
    });
}

void LiveCheck::conclude(const Outcome& outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    // Always after start() has returned, even when the request could not be built.
    QMetaObject::invokeMethod(
        this, [this, outcome] { emit finished(outcome); }, Qt::QueuedConnection);
}

LiveCheck::Outcome LiveCheck::judge(const Result<alipay::VerifiedResponse>& answer) const
{
    Outcome outcome = answer ? judgeAnswer(*answer) : judgeFailure(answer.error());
    if (m_clockAheadSeconds && outcome.verdict != Verdict::NoNetwork &&
        (outcome.verdict == Verdict::ClockOff || qAbs(*m_clockAheadSeconds) > kClockToleranceSeconds)) {
        const qint64 seconds = *m_clockAheadSeconds;
        const int minutes = int((qAbs(seconds) + 30) / 60);
        outcome.verdict = Verdict::ClockOff;
        outcome.message = (seconds > 0 ? tr("this computer's clock is %1 minutes off (ahead of Alipay's); set the "
                                            "right time (turn on network time, NTP) and check again")
                                       : tr("this computer's clock is %1 minutes off (behind Alipay's); set the "
                                            "right time (turn on network time, NTP) and check again"))
                              .arg(minutes);
        outcome.detail += QStringLiteral("; our clock minus the gateway's Date: %1 s").arg(seconds);
    }
    return outcome;
}

LiveCheck::Outcome LiveCheck::judgeAnswer(const alipay::VerifiedResponse& answer) const
{
    const QString code = answer.code();
    const QString subCode = answer.subCode();
    const QString detail = QStringLiteral("alipay.trade.query %1: code=%2 sub_code=%3%4")
                               .arg(m_outTradeNo, code, subCode,
                                    answer.signatureVerified ? QString() : QStringLiteral(" (unsigned reply)"));
    const bool certificates = m_config.signMode == config::GatewayConfig::SignMode::Certificate;

    if (subCode == u"isv.invalid-timestamp")
        return {Verdict::ClockOff,
                tr("Alipay refused the time of our request: this computer's clock (or its time zone) is off by more "
                   "than Alipay allows; set the right time (turn on network time, NTP) and check again"),
                detail};
    if (subCode.startsWith(QStringLiteral("isv.invalid-signature"))) {
        const QString publicKey = QString::fromLatin1(m_config.appPrivateKey.publicKey().toBase64Line());
        if (certificates)
            return {
                Verdict::AppKeyMismatch,
                tr("the app certificate Alipay holds does not match this private key: in Alipay's console, upload a "
                   "certificate request made from this key (its public key is %1) and use the certificates "
                   "Alipay issues")
                    .arg(publicKey),
                detail};
        return {Verdict::AppKeyMismatch,
                tr("the app public key uploaded to Alipay's console does not match this private key: upload %1")
                    .arg(publicKey),
                detail};
    }
    if (subCode == u"isv.invalid-app-id" || subCode == u"isv.missing-app-id")
        return {Verdict::UnknownAppId,
                tr("Alipay's gateway %1 does not know the app id %2: copy the APPID again from Alipay's console and "
                   "check that the app is online; a sandbox app id works only with Alipay's sandbox gateway")
                    .arg(whereOf(m_config.gatewayUrl), m_config.appId),
                detail};
    if (answer.signatureVerified &&
        (answer.isSuccess() || subCode == QLatin1String(alipay::TradeQuery::kTradeNotExist)))
        return {Verdict::Accepted,
                tr("keys and app id accepted: Alipay took this app's signature, and its signed answer verified with "
                   "the Alipay %1 here")
                    .arg(certificates ? tr("certificate") : tr("public key")),
                detail};
    if (code == QLatin1String(alipay::GatewayAnswer::kServiceUnavailable))
        return {Verdict::GatewayProblem,
                tr("Alipay's gateway is busy (%1 %2); check again in a minute").arg(code, subCode).simplified(),
                detail};
    const Error error = alipay::GatewayAnswer::toError(answer);
    return {Verdict::GatewayProblem,
            tr("Alipay's gateway answered %1 %2: %3").arg(code, subCode, error.message()).simplified(), detail};
}

LiveCheck::Outcome LiveCheck::judgeFailure(const Error& error) const
{
    const QString detail = QStringLiteral("alipay.trade.query %1: %2").arg(m_outTradeNo, error.toString());
    switch (error.category()) {
    case Error::Category::Network:
    case Error::Category::Unknown: // sent, but no answer in time: as far as the check goes, no gateway
        return {Verdict::NoNetwork,
                tr("cannot reach Alipay's gateway %1 (%2): check the network (a proxy or firewall too) and the "
                   "gateway URL")
                    .arg(whereOf(m_config.gatewayUrl), error.detail().section(QStringLiteral(": "), -1)),
                detail};
    case Error::Category::Security:
        if (m_config.signMode == config::GatewayConfig::SignMode::Certificate)
            return {Verdict::WrongAlipayKey,
                    tr("the Alipay certificate here is not the one that signed the reply: download Alipay's "
                       "certificate (alipayCertPublicKey_RSA2.crt) and root certificate again for this app id"),
                    detail};
        return {Verdict::WrongAlipayKey,
                tr("the Alipay public key here is not the one that signed the reply: copy Alipay's public key "
                   "(支付宝公钥, not the app's own) again from Alipay's console for this app id"),
                detail};
    default:
        return {
            Verdict::GatewayProblem,
            tr("Alipay's gateway %1 gave no usable answer: %2 (%3)")
                .arg(whereOf(m_config.gatewayUrl), error.message(), error.detail().section(QStringLiteral(": "), -1)),
            detail};
    }
}

} // namespace counterpay::setup
