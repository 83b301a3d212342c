#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"
#include "cli/PassphraseReader.h"

#include "alipay/GatewayProbe.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "setup/LiveCheck.h"
#include "store/OrderStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFileInfo>

#include <optional>

namespace counterpay::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("DoctorCommand", text);
}

// One line per check on stdout, "ok" / "FAILED" / "warning", what was checked and what to do; the exit
// code is that of the first check that failed (DESIGN.md §6).
class Checkup
{
public:
    void ok(const QString& check, const QString& detail = {}) { line(QStringLiteral("ok"), check, detail); }
    void warning(const QString& check, const QString& detail) { line(QStringLiteral("warning"), check, detail); }
    void failed(const QString& check, const QString& detail, int exitCode)
    {
        line(QStringLiteral("FAILED"), check, detail);
        if (!m_exitCode)
            m_exitCode = exitCode;
    }
    int exitCode() const { return m_exitCode.value_or(Ok); }

private:
    static void line(const QString& status, const QString& check, const QString& detail)
    {
        QString text = status.leftJustified(9) + check;
        if (!detail.isEmpty())
            text += QStringLiteral(": ") + detail;
        Console::printLine(text.toUtf8());
    }

    std::optional<int> m_exitCode;
};

int exitCodeOf(setup::LiveCheck::Verdict verdict)
{
    using Verdict = setup::LiveCheck::Verdict;
    switch (verdict) {
    case Verdict::Accepted:
        return Ok;
    case Verdict::AppKeyMismatch:
    case Verdict::WrongAlipayKey:
        return SecurityFailure;
    case Verdict::UnknownAppId:
    case Verdict::ClockOff:
        return ConfigProblem;
    case Verdict::NoNetwork:
    case Verdict::GatewayProblem:
        return NetworkOrGateway;
    }
    return NetworkOrGateway;
}

void checkKeys(Checkup& checkup, const config::GatewayConfig& config)
{
    const QString keyPair = tr("key pair signs and verifies");
    const QByteArray sample = "counterpay doctor " + QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toLatin1();
    const alipay::PublicKey appPublicKey = config.appPrivateKey.publicKey();
    auto signature = config.appPrivateKey.signSha256(sample);
    if (!signature)
        checkup.failed(keyPair, signature.error().message(), SecurityFailure);
    else if (!appPublicKey.verifySha256(sample, *signature))
        checkup.failed(keyPair, tr("a signature of the app private key does not verify with its own public key"),
                       SecurityFailure);
    else
        checkup.ok(keyPair, tr("RSA %1 bits").arg(config.appPrivateKey.bits()));

    const QString notOwn = tr("Alipay's public key is not the app's own");
    if (config.alipayPublicKey == appPublicKey)
        checkup.failed(notOwn,
                       tr("the app's own public key stands where Alipay's public key (支付宝公钥) belongs; copy "
                          "Alipay's from Alipay's console"),
                       ConfigProblem);
    else
        checkup.ok(notOwn);

    if (config.signMode == config::GatewayConfig::SignMode::Certificate)
        checkup.ok(tr("certificates"),
                   tr("the app certificate belongs to the app private key; Alipay's certificate chains to the root "
                      "bundle and is valid now (app_cert_sn %1)")
                       .arg(config.appCertSn));
}

void checkOrderBook(Checkup& checkup, const config::CounterSettings& counter)
{
    const QString check = tr("order book opens");
    const QString path = counter.databasePath.isEmpty() ? store::OrderStore::defaultPath() : counter.databasePath;
    // Opening makes a missing book: the doctor only looks.
    if (!QFileInfo::exists(path)) {
        checkup.warning(check,
                        tr("%1 does not exist yet; it is made at the first payment (or by the setup)").arg(path));
        return;
    }
    auto book = store::OrderStore::open(path);
    if (!book)
        checkup.failed(check, book.error().message(), exitCodeFor(book.error()));
    else
        checkup.ok(check, path);
}

void checkGateway(Checkup& checkup, const config::GatewayConfig& config)
{
    const QString check = tr("gateway reachable");
    const QString where = config.gatewayUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    alipay::GatewayProbe probe;
    std::optional<std::pair<bool, QString>> result;
    QEventLoop loop;
    QObject::connect(&probe, &alipay::GatewayProbe::finished, &loop, [&](bool reachable, const QString& detail) {
        result.emplace(reachable, detail);
        loop.quit();
    });
    probe.probe(config.gatewayUrl, config.connectTimeoutMs);
    if (!result)
        loop.exec();
    if (result->first)
        checkup.ok(check, config.isSandbox() ? tr("%1 (a sandbox: no real money moves)").arg(where) : where);
    else
        checkup.failed(
            check,
            tr("%1: %2; check the network (a proxy or firewall too) and the gateway URL").arg(where, result->second),
            NetworkOrGateway);
}

void checkLive(Checkup& checkup, const config::GatewayConfig& config)
{
    const QString check = tr("live check");
    setup::LiveCheck live(config);
    std::optional<setup::LiveCheck::Outcome> outcome;
    QEventLoop loop;
    QObject::connect(&live, &setup::LiveCheck::finished, &loop, [&](const setup::LiveCheck::Outcome& result) {
        outcome = result;
        loop.quit();
    });
    live.start();
    if (!outcome)
        loop.exec();
    qCInfo(config::lcConfig).noquote() << "live check:" << setup::LiveCheck::verdictName(outcome->verdict)
                                       << outcome->detail;
    if (outcome->verdict == setup::LiveCheck::Verdict::Accepted)
        checkup.ok(check, outcome->message);
    else
        checkup.failed(check, outcome->message, exitCodeOf(outcome->verdict));
}

} // namespace

int doctor(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("doctor"), invocation.arguments);
    line.option(QStringLiteral("config"), QStringLiteral("FILE"),
                tr("the counter's configuration (the same as --config before the command)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    const QString configPath =
        line.isSet(QStringLiteral("config")) ? line.value(QStringLiteral("config")) : invocation.configPath;
    if (configPath.isEmpty())
        return report(Error::input(tr("doctor checks a counter's configuration: give --config FILE")));

    Checkup checkup;
    const QString loads = tr("config file loads");
    // A protected key is opened as every command opens it: --passphrase-file, else the terminal asks.
    auto config =
        config::GatewayConfig::load(configPath, Clock::system(), PassphraseReader(invocation.passphraseFile).prompt());
    if (!config) {
        checkup.failed(loads, config.error().message(), exitCodeFor(config.error()));
        return checkup.exitCode();
    }
    auto counter = config::CounterSettings::load(configPath, *config);
    if (!counter) {
        checkup.failed(loads, counter.error().message(), exitCodeFor(counter.error()));
        return checkup.exitCode();
    }
    const bool certificates = config->signMode == config::GatewayConfig::SignMode::Certificate;
    checkup.ok(loads, tr("%1 (app id %2, %3 mode)")
                          .arg(QFileInfo(configPath).absoluteFilePath(), config->appId,
                               certificates ? QStringLiteral("certificate") : QStringLiteral("public-key")));
    for (const QString& warning : std::as_const(config->warnings))
        checkup.warning(tr("config file"), warning);

    checkKeys(checkup, *config);
    checkOrderBook(checkup, *counter);
    checkGateway(checkup, *config);
    checkLive(checkup, *config);
    return checkup.exitCode();
}

} // namespace counterpay::cli
