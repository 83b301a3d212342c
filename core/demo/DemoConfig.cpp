#include "demo/DemoConfig.h"

#include "common/IniFile.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QTcpServer>

namespace counterpay::demo {

namespace {

const QString kGateway = QStringLiteral("gateway");
const QString kNotify = QStringLiteral("notify");

} // namespace

PortProbe PortProbe::loopback()
{
    PortProbe probe;
    probe.isFree = [](quint16 port) {
        QTcpServer server;
        return server.listen(QHostAddress::LocalHost, port);
    };
    probe.pickFree = [] {
        QTcpServer server;
        return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : quint16(0);
    };
    return probe;
}

Result<DemoWiring> wireNotifications(const QString& configPath, const PortProbe& ports)
{
    auto ini = IniFile::load(configPath);
    if (!ini)
        return ini.error();
    const QByteArray before = ini->toText();

    DemoWiring wiring;
    wiring.appId = ini->value(kGateway, QStringLiteral("app_id"));

    bool ok = false;
    const uint configured = ini->value(kNotify, QStringLiteral("port")).toUInt(&ok);
    if (ok && configured > 0 && configured <= 65535 && ports.isFree(static_cast<quint16>(configured)))
        wiring.notifyPort = static_cast<quint16>(configured);
    else
        wiring.notifyPort = ports.pickFree();
    if (wiring.notifyPort == 0)
        return Error::config(
                   QCoreApplication::translate(
                       "DemoConfig", "The demo found no free port on this computer for the payment notifications"))
            .withContext(configPath);

    // The sandbox runs on this machine: it reaches the till on loopback, or on the one address the
    // till listens on.
    QString host = QStringLiteral("127.0.0.1");
    const QHostAddress listen(ini->value(kNotify, QStringLiteral("listen"), host));
    if (!listen.isNull() && listen != QHostAddress::Any && listen != QHostAddress::AnyIPv4 &&
        listen != QHostAddress::AnyIPv6) {
        host = listen.toString();
        if (listen.protocol() == QAbstractSocket::IPv6Protocol)
            host = QStringLiteral("[%1]").arg(host);
    }
    QString path = ini->value(kNotify, QStringLiteral("path"), QStringLiteral("/alipay/notify"));
    if (!path.startsWith(u'/'))
        path.prepend(u'/'); // CounterSettings refuses it; the till will say so with the line
    wiring.notifyUrl = QStringLiteral("http://%1:%2%3").arg(host).arg(wiring.notifyPort).arg(path);

    ini->setValue(kGateway, QStringLiteral("notify_url"), wiring.notifyUrl);
    ini->setValue(kNotify, QStringLiteral("enabled"), QStringLiteral("true"));
    ini->setValue(kNotify, QStringLiteral("port"), QString::number(wiring.notifyPort));
    if (ini->toText() != before) {
        if (auto saved = ini->save(configPath); !saved)
            return saved.error();
        wiring.written = true;
    }
    return wiring;
}

} // namespace counterpay::demo
