#include "config/CounterSettings.h"

#include "alipay/TradeFields.h"
#include "common/IniFile.h"
#include "config/GatewayConfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace counterpay::config {

namespace {

Error settingError(const QString& path, const QString& section, const QString& key, const QString& message)
{
    return Error::config(message).withContext(QStringLiteral("%1 [%2] %3").arg(path, section, key));
}

Result<qint64> seconds(const IniFile& ini, const QString& path, const QString& key, qint64 fallbackMs, qint64 maxS)
{
    const QString text = ini.value(QStringLiteral("payment"), key);
    if (text.isEmpty())
        return fallbackMs;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < 5 || value > maxS)
        return settingError(path, QStringLiteral("payment"), key,
                            CounterSettings::tr("must be a number of seconds from 5 to %1").arg(maxS));
    return value * 1000;
}

} // namespace

Result<CounterSettings> CounterSettings::load(const QString& path, const GatewayConfig& gateway)
{
    auto ini = IniFile::load(path);
    if (!ini)
        return ini.error();
    CounterSettings settings;
    config::PaymentOptions& options = settings.payment;
    options.appId = gateway.appId;
    options.notifyUrl = gateway.notifyUrl;

    const QString terminal = ini->value(QStringLiteral("counter"), QStringLiteral("terminal_id"), QStringLiteral("T1"));
    if (!alipay::TradeFields::isTerminalId(terminal))
        return settingError(path, QStringLiteral("counter"), QStringLiteral("terminal_id"),
                            tr("1 to 32 letters, digits or '_'"));
    options.terminalId = terminal;
    options.cashierId = ini->value(QStringLiteral("counter"), QStringLiteral("cashier_id"));
    options.storeId = ini->value(QStringLiteral("counter"), QStringLiteral("store_id"));
    settings.subject = ini->value(QStringLiteral("counter"), QStringLiteral("subject"), settings.subject);
    if (auto ok = alipay::TradeFields::checkSubject(settings.subject); !ok)
        return settingError(path, QStringLiteral("counter"), QStringLiteral("subject"), ok.error().message());
    const QString database = ini->value(QStringLiteral("counter"), QStringLiteral("database"));
    if (!database.isEmpty())
        settings.databasePath = QDir::cleanPath(QFileInfo(path).absoluteDir().absoluteFilePath(database));

    auto qrLifetime = seconds(*ini, path, QStringLiteral("qr_lifetime_s"), options.qrLifetimeMs, qint64{2} * 3600);
    if (!qrLifetime)
        return qrLifetime.error();
    options.qrLifetimeMs = *qrLifetime;
    auto barcodeWait = seconds(*ini, path, QStringLiteral("barcode_wait_s"), options.barcodeWaitMs, 600);
    if (!barcodeWait)
        return barcodeWait.error();
    options.barcodeWaitMs = *barcodeWait;
    const QString poll = ini->value(QStringLiteral("payment"), QStringLiteral("poll"));
    if (!poll.isEmpty() && !config::PollSchedule::parse(poll, &options.poll))
        return settingError(path, QStringLiteral("payment"), QStringLiteral("poll"),
                            tr("write it like first=1500,1000@30000,2000@120000,final=5000 (milliseconds)"));

    const QString enabled = ini->value(QStringLiteral("notify"), QStringLiteral("enabled"), QStringLiteral("false"));
    if (enabled != u"true" && enabled != u"false")
        return settingError(path, QStringLiteral("notify"), QStringLiteral("enabled"), tr("must be true or false"));
    settings.notifyEnabled = enabled == u"true";
    const QString listen = ini->value(QStringLiteral("notify"), QStringLiteral("listen"), QStringLiteral("127.0.0.1"));
    settings.notifyListen = QHostAddress(listen);
    if (settings.notifyListen.isNull())
        return settingError(path, QStringLiteral("notify"), QStringLiteral("listen"), tr("not an IP address"));
    const QString port = ini->value(QStringLiteral("notify"), QStringLiteral("port"));
    if (!port.isEmpty()) {
        bool ok = false;
        const uint value = port.toUInt(&ok);
        if (!ok || value > 65535)
            return settingError(path, QStringLiteral("notify"), QStringLiteral("port"), tr("must be 0 to 65535"));
        settings.notifyPort = static_cast<quint16>(value);
    }
    settings.notifyPath = ini->value(QStringLiteral("notify"), QStringLiteral("path"), settings.notifyPath);
    if (!settings.notifyPath.startsWith(u'/'))
        return settingError(path, QStringLiteral("notify"), QStringLiteral("path"), tr("must start with /"));
    const QString customerDisplay =
        ini->value(QStringLiteral("display"), QStringLiteral("customer_display"), QStringLiteral("true"));
    if (customerDisplay != u"true" && customerDisplay != u"false")
        return settingError(path, QStringLiteral("display"), QStringLiteral("customer_display"),
                            tr("must be true or false"));
    settings.customerDisplay = customerDisplay == u"true";
    settings.language = ini->value(QStringLiteral("display"), QStringLiteral("language"));
    if (!settings.language.isEmpty() && settings.language != u"zh_CN" && settings.language != u"en")
        return settingError(path, QStringLiteral("display"), QStringLiteral("language"), tr("must be zh_CN or en"));
    const QString lockAfter = ini->value(QStringLiteral("display"), QStringLiteral("lock_after_min"));
    if (!lockAfter.isEmpty()) {
        bool ok = false;
        const int minutes = lockAfter.toInt(&ok);
        if (!ok || minutes < 0 || minutes > 240)
            return settingError(path, QStringLiteral("display"), QStringLiteral("lock_after_min"),
                                tr("minutes, 0 to 240 (0: lock only with F12)"));
        settings.lockAfterMinutes = minutes;
    }
    settings.notifySellerId = ini->value(QStringLiteral("notify"), QStringLiteral("seller_id"));
    static const QRegularExpression sellerPattern(QStringLiteral("^2088[0-9]{12}$"));
    if (!settings.notifySellerId.isEmpty() && !sellerPattern.match(settings.notifySellerId).hasMatch())
        return settingError(path, QStringLiteral("notify"), QStringLiteral("seller_id"),
                            tr("Alipay's partner id: 16 digits starting 2088"));
    auto receipt = ReceiptSettings::load(*ini, path);
    if (!receipt)
        return receipt.error();
    settings.receipt = *receipt;
    auto feedback = FeedbackSettings::load(*ini, path);
    if (!feedback)
        return feedback.error();
    settings.feedback = *feedback;
    auto backup = BackupSettings::load(*ini, path);
    if (!backup)
        return backup.error();
    settings.backup = *backup;
    return settings;
}

} // namespace counterpay::config
