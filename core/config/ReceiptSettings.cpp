#include "config/ReceiptSettings.h"

#include "common/IniFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QStandardPaths>

namespace counterpay::config {

namespace {

const QString kSection = QStringLiteral("receipt");

// The same shape as CounterSettings' errors: "counterpay.ini [receipt] port: must be ...".
Error settingError(const QString& path, const QString& key, const QString& message)
{
    return Error::config(message).withContext(QStringLiteral("%1 [%2] %3").arg(path, kSection, key));
}

QString relativeTo(const QString& iniPath, const QString& path)
{
    return QDir::cleanPath(QFileInfo(iniPath).absoluteDir().absoluteFilePath(path));
}

bool isHostName(const QString& host)
{
    // A DNS name (printer.shop.lan) or an IP address; no scheme, no port, no spaces.
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                                                        "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"));
    return !QHostAddress(host).isNull() || (host.size() <= 253 && name.match(host).hasMatch());
}

} // namespace

QString ReceiptSettings::pdfFolderOrDefault() const
{
    if (!pdfFolder.isEmpty())
        return pdfFolder;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/receipts");
}

Result<ReceiptSettings> ReceiptSettings::load(const IniFile& ini, const QString& path)
{
    ReceiptSettings settings;
    const auto value = [&ini](const char* key, const QString& fallback = {}) {
        return ini.value(kSection, QString::fromLatin1(key), fallback);
    };

    const QString printer = value("printer", QStringLiteral("none"));
    if (printer == u"none")
        settings.printer = Printer::None;
    else if (printer == u"pdf")
        settings.printer = Printer::Pdf;
    else if (printer == u"system")
        settings.printer = Printer::System;
    else if (printer == u"escpos")
        settings.printer = Printer::EscPos;
    else
        return settingError(path, QStringLiteral("printer"), tr("must be none, pdf, system or escpos"));

    const QString paper = value("paper", QStringLiteral("58"));
    if (paper == u"58")
        settings.paper = Paper::Roll58;
    else if (paper == u"80")
        settings.paper = Paper::Roll80;
    else if (paper.compare(u"a4", Qt::CaseInsensitive) == 0)
        settings.paper = Paper::A4;
    else
        return settingError(path, QStringLiteral("paper"), tr("must be 58, 80 or a4"));
    if (settings.printer == Printer::EscPos && settings.paper == Paper::A4)
        return settingError(path, QStringLiteral("paper"), tr("an ESC/POS receipt printer takes 58 or 80 (mm)"));

    const QString autoPrint = value("auto_print", QStringLiteral("false"));
    if (autoPrint != u"true" && autoPrint != u"false")
        return settingError(path, QStringLiteral("auto_print"), tr("must be true or false"));
    settings.autoPrint = autoPrint == u"true";

    const QString pdfFolder = value("pdf_folder");
    if (!pdfFolder.isEmpty())
        settings.pdfFolder = relativeTo(path, pdfFolder);
    settings.printerName = value("printer_name");

    settings.device = value("device");
    settings.host = value("host");
    const QString file = value("file");
    if (!file.isEmpty())
        settings.file = relativeTo(path, file);
    if (!settings.device.isEmpty() && !QDir::isAbsolutePath(settings.device))
        return settingError(path, QStringLiteral("device"), tr("must be an absolute path, such as /dev/usb/lp0"));
    if (!settings.host.isEmpty() && !isHostName(settings.host))
        return settingError(path, QStringLiteral("host"), tr("must be a host name or an IP address"));
    const QString port = value("port");
    if (!port.isEmpty()) {
        bool ok = false;
        const uint number = port.toUInt(&ok);
        if (!ok || number < 1 || number > 65535)
            return settingError(path, QStringLiteral("port"), tr("must be 1 to 65535"));
        settings.port = static_cast<quint16>(number);
    }
    const QString timeout = value("timeout_s");
    if (!timeout.isEmpty()) {
        bool ok = false;
        const int seconds = timeout.toInt(&ok);
        if (!ok || seconds < 1 || seconds > 120)
            return settingError(path, QStringLiteral("timeout_s"), tr("must be a number of seconds from 1 to 120"));
        settings.timeoutMs = seconds * 1000LL;
    }

    if (settings.printer == Printer::EscPos) {
        const int targets = int(!settings.device.isEmpty()) + int(!settings.host.isEmpty()) + int(!file.isEmpty());
        if (targets == 0)
            return settingError(path, QStringLiteral("device"), tr("printer=escpos needs one of device, host or file"));
        if (targets > 1)
            return settingError(path, !settings.host.isEmpty() ? QStringLiteral("host") : QStringLiteral("file"),
                                tr("set only one of device, host and file"));
        settings.target = !settings.device.isEmpty() ? EscPosTarget::Device
                          : !settings.host.isEmpty() ? EscPosTarget::Network
                                                     : EscPosTarget::File;
    }
    return settings;
}

} // namespace counterpay::config
