// counterpay-sandbox: a local Alipay gateway for tests, demos and benchmarks.
#include "AuthCodeScenario.h"
#include "Environment.h"
#include "FaultPlan.h"
#include "Sandbox.h"
#include "common/TerminationSignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTextStream>

#include <cstdio>

using namespace counterpay;
using namespace counterpay::sandbox;

namespace {

enum ExitCode
{
    kOk = 0,
    kFailure = 1,
    kUsage = 2,
    kNetwork = 5,
    kConfig = 7,
    kStorage = 8,
};

QString helpText()
{
    return QStringLiteral(
               "counterpay-sandbox: a local Alipay gateway for CounterPay's tests and demos. No real money moves.\n"
               "\n"
               "Usage:\n"
               "  counterpay-sandbox init DIR [--cert-mode] [--aes]\n"
               "      Creates DIR with an app key pair, the gateway's own key pair, an app id and\n"
               "      DIR/counterpay.ini, which `counterpay-cli --config DIR/counterpay.ini` uses as is.\n"
               "      --cert-mode issues a test CA and certificates (公钥证书模式); --aes adds a content\n"
               "      encryption key. Running init again never overwrites an existing key.\n"
               "  counterpay-sandbox serve --data-dir DIR [--port N] [--host ADDR] [--seed N] [--fault SPEC]...\n"
               "      Serves the gateway. --port 0 (the default) picks a free port; --host defaults to\n"
               "      127.0.0.1. The first line on stdout is `listening on http://HOST:PORT`, and url= in\n"
               "      DIR/counterpay.ini is updated. SIGTERM or SIGINT stops it cleanly.\n"
               "      --notify-retry-ms N   first notification retry after N ms, then doubling (2000)\n"
               "      --notify-attempts N   give a notification up after N attempts (8)\n"
               "      --next-day-bills      a day's bill is ready at 09:00 the next day, as at Alipay\n"
               "                            (default: at once)\n"
               "      --public-url URL      base of the QR and bill links, e.g. http://192.168.1.20:8470 so\n"
               "                            a phone on the LAN can open them (with --host 0.0.0.0)\n"
               "      --quiet               log warnings only (the log goes to stderr)\n"
               "\n"
               "Test payment codes (alipay.trade.pay auth_code; digits 3-4 choose the outcome):\n") +
           AuthCodeScenario::describeAll() +
           QStringLiteral(
               "  Codes that are not 16-24 digits starting 25-30 get ACQ.PAYMENT_AUTH_CODE_INVALID.\n"
               "\n"
               "Faults (--fault KIND[:rate=R,count=N,ms=M,method=alipay.trade.pay], repeatable;\n"
               "or POST /sandbox/faults {\"seed\":7,\"faults\":[{\"kind\":\"drop\",\"count\":1}]}):\n"
               "  latency              the reply comes ms later\n"
               "  drop                 the connection closes without a reply; nothing is processed\n"
               "  http_502, http_504   a proxy error page; nothing is processed\n"
               "  code_20000           a signed 20000 isp.unknow-error; nothing is processed\n"
               "  bad_signature        processed, but the reply's signature does not verify\n"
               "  lost_reply           processed (a payment succeeds), then no reply until the client\n"
               "                       gives up (or ms passes)\n"
               "  notify_duplicate     a notification is delivered twice\n"
               "  notify_out_of_order  a trade's notifications are held ms (1500) and sent newest first\n"
               "  Decisions come from one generator seeded by --seed: same seed, same calls, same faults.\n"
               "\n"
               "Endpoints:\n"
               "  POST|GET /gateway.do                 Alipay OpenAPI v2: precreate, pay, query, cancel, close,\n"
               "                                       refund, fastpay.refund.query, bill.downloadurl.query\n"
               "  GET  /qr/<code>                      the customer page a qr_code points to\n"
               "  POST /sandbox/scan|pay|decline       out_trade_no=... [app_id=...]: the customer's actions\n"
               "  GET  /sandbox/trades                 every trade as JSON (precreated ones too)\n"
               "  GET  /sandbox/notifications          every notification and its delivery attempts\n"
               "  GET|POST|DELETE /sandbox/faults      the fault plan\n"
               "  GET  /downloadBillFile.resource      a bill zip, for 30 s after bill.downloadurl.query\n");
}

int exitCodeFor(const Error& error)
{
    switch (error.category()) {
    case Error::Category::Input:
        return kUsage;
    case Error::Category::Config:
        return kConfig;
    case Error::Category::Network:
        return kNetwork;
    case Error::Category::Storage:
        return kStorage;
    default:
        return kFailure;
    }
}

int fail(const Error& error)
{
    QTextStream(stderr) << "counterpay-sandbox: " << error.toString() << Qt::endl;
    return exitCodeFor(error);
}

int usage(const QString& message)
{
    QTextStream(stderr) << "counterpay-sandbox: " << message << "\n(see counterpay-sandbox --help)" << Qt::endl;
    return kUsage;
}

int runInit(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("data directory"));
    parser.addOption({QStringLiteral("cert-mode"), QStringLiteral("certificate mode (公钥证书模式)")});
    parser.addOption({QStringLiteral("aes"), QStringLiteral("add an AES content encryption key")});
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("init needs exactly one DIR"));
    const QString dir = parser.positionalArguments().constFirst();

    Environment::InitOptions options;
    options.certificateMode = parser.isSet(QStringLiteral("cert-mode"));
    options.aes = parser.isSet(QStringLiteral("aes"));
    auto report = Environment::init(dir, options, Clock::system());
    if (!report)
        return fail(report.error());
    auto environment = Environment::load(dir);
    if (!environment)
        return fail(environment.error());
    const SandboxApp* app = environment->app(report->appId);
    const bool certificateMode = app && app->signMode == SandboxApp::SignMode::Certificate;

    QTextStream out(stdout);
    const QString config = QDir::toNativeSeparators(report->configPath);
    out << "Sandbox environment in " << QDir::toNativeSeparators(QDir(dir).absolutePath()) << "\n"
        << "  app id:     " << report->appId << "\n"
        << "  seller id:  " << environment->gateway().sellerId << "\n"
        << "  sign mode:  " << (certificateMode ? "certificate" : "public_key") << "\n"
        << "  config:     " << config << "\n";
    if (!report->created.isEmpty())
        out << "  created:    " << report->created.join(QStringLiteral(", ")) << "\n";
    if (!report->kept.isEmpty())
        out << "  kept:       " << report->kept.join(QStringLiteral(", ")) << "\n";
    out << "Next:\n"
        << "  counterpay-sandbox serve --data-dir " << QDir::toNativeSeparators(dir) << "\n"
        << "  counterpay-cli --config " << config
        << " precreate --amount 12.34 --subject Coffee --out-trade-no DEMO-1\n";
    return kOk;
}

int runServe(QCoreApplication& app, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("data directory"),
                                     QStringLiteral("DIR"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("port (0: a free one)"), QStringLiteral("N"),
                                  QStringLiteral("0"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("address to bind"), QStringLiteral("ADDR"),
                                  QStringLiteral("127.0.0.1"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("fault generator seed"), QStringLiteral("N"));
    const QCommandLineOption fault(QStringLiteral("fault"), QStringLiteral("a fault to inject"),
                                   QStringLiteral("SPEC"));
    const QCommandLineOption retry(QStringLiteral("notify-retry-ms"), QStringLiteral("first retry delay"),
                                   QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption attempts(QStringLiteral("notify-attempts"), QStringLiteral("attempts per notification"),
                                      QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption nextDayBills(QStringLiteral("next-day-bills"), QStringLiteral("bills ready the next day"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("log warnings only"));
    const QCommandLineOption publicUrl(QStringLiteral("public-url"), QStringLiteral("base of QR and bill links"),
                                       QStringLiteral("URL"));
    parser.addOptions({dataDir, port, host, seed, fault, retry, attempts, nextDayBills, quiet, publicUrl});
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("serve takes no positional arguments"));
    if (!parser.isSet(dataDir))
        return usage(QStringLiteral("serve needs --data-dir DIR"));
    if (parser.isSet(quiet))
        QLoggingCategory::setFilterRules(QStringLiteral("counterpay.*.info=false\ncounterpay.*.debug=false"));

    SandboxOptions options;
    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535)
        return usage(QStringLiteral("--port needs a number from 0 to 65535"));
    options.port = static_cast<quint16>(portNumber);
    const QString hostText = parser.value(host);
    options.host = hostText == u"localhost" ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(hostText);
    if (options.host.isNull())
        return usage(QStringLiteral("--host needs an IP address, e.g. 127.0.0.1 or 0.0.0.0"));
    if (parser.isSet(seed)) {
        options.seed = parser.value(seed).toULongLong(&ok);
        if (!ok || options.seed > (quint64(1) << 53))
            return usage(QStringLiteral("--seed needs a number from 0 to 2^53"));
    } else {
        options.seed = QRandomGenerator::system()->bounded(quint64(1) << 53);
    }
    for (const QString& spec : parser.values(fault)) {
        auto rule = FaultPlan::parseSpec(spec);
        if (!rule)
            return usage(rule.error().message());
        options.faults.append(*rule);
    }
    options.notifications.firstRetryMs = parser.value(retry).toInt(&ok);
    if (!ok || options.notifications.firstRetryMs < 10)
        return usage(QStringLiteral("--notify-retry-ms needs a number of at least 10"));
    options.notifications.maxAttempts = parser.value(attempts).toInt(&ok);
    if (!ok || options.notifications.maxAttempts < 1)
        return usage(QStringLiteral("--notify-attempts needs a positive number"));
    options.billsSameDay = !parser.isSet(nextDayBills);
    if (parser.isSet(publicUrl)) {
        options.publicUrl = QUrl(parser.value(publicUrl), QUrl::StrictMode);
        const QString scheme = options.publicUrl.scheme();
        if (!options.publicUrl.isValid() || options.publicUrl.host().isEmpty() ||
            (scheme != u"http" && scheme != u"https") || !options.publicUrl.path().isEmpty())
            return usage(QStringLiteral("--public-url needs http(s)://HOST[:PORT], e.g. http://192.168.1.20:8470"));
    }

    // Before anything is announced: a SIGTERM right after the `listening on` line must stop the
    // sandbox cleanly, not kill it.
    TerminationSignals termination;

    auto environment = Environment::load(parser.value(dataDir));
    if (!environment)
        return fail(environment.error());
    const quint64 seedUsed = options.seed;
    auto sandbox = Sandbox::create(std::move(*environment), std::move(options), Clock::system());
    if (!sandbox)
        return fail(sandbox.error());
    auto url = (*sandbox)->start();
    if (!url)
        return fail(url.error());

    // The config points at a reachable address even when the sandbox binds every interface.
    QUrl gatewayUrl = *url;
    const QHostAddress bound(url->host());
    // NOLINTNEXTLINE(misc-redundant-expression): Any is not AnyIPv4; tidy 14 misreads == (llvm/llvm-project#54011)
    if (bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4)
        gatewayUrl.setHost(QStringLiteral("127.0.0.1"));
    else if (bound == QHostAddress::AnyIPv6)
        gatewayUrl.setHost(QStringLiteral("::1"));
    gatewayUrl.setPath(QStringLiteral("/gateway.do"));
    const QString configPath = (*sandbox)->environment().configPath();
    if (!QFileInfo::exists(configPath))
        qWarning().noquote() << "no" << QDir::toNativeSeparators(configPath) << "to record the gateway's address in";
    else if (auto recorded = (*sandbox)->environment().recordGatewayUrl(gatewayUrl); !recorded)
        return fail(recorded.error());

    // The first line on stdout, flushed at once: test harnesses wait for it.
    std::fprintf(stdout, "listening on %s\n", url->toString().toUtf8().constData());
    std::fflush(stdout);
    qInfo().noquote() << "gateway" << gatewayUrl.toString() << "(url= of" << QDir::toNativeSeparators(configPath)
                      << ") - fault seed" << seedUsed;

    QObject::connect(&termination, &TerminationSignals::terminationRequested, &app, [&](int signalNumber) {
        qInfo().noquote() << "signal" << signalNumber << "- stopping";
        (*sandbox)->stop();
        app.quit();
    });
    const int code = app.exec();
    sandbox->reset();
    return code;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("counterpay-sandbox"));
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-dd HH:mm:ss.zzz} %{if-category}%{category}: %{endif}%{message}"));

    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.size() > 1 ? arguments.at(1) : QString();
    if (command.isEmpty() || command == u"--help" || command == u"-h" || command == u"help") {
        QTextStream(stdout) << helpText();
        return command.isEmpty() ? kUsage : kOk;
    }
    arguments.removeAt(1); // the parsers see "counterpay-sandbox <options...>"
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
        QTextStream(stdout) << helpText();
        return kOk;
    }
    if (command == u"init")
        return runInit(arguments);
    if (command == u"serve")
        return runServe(app, arguments);
    return usage(QStringLiteral("unknown command \"%1\"").arg(command));
}
