#include "TestSupport.h"

#include "common/IniFile.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "config/ReceiptSettings.h"

#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using counterpay::IniFile;
using counterpay::config::ReceiptSettings;

class TestReceiptSettings : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void printers();
    void escposTargets();
    void relativePathsFollowTheFile();
    void errorsNameTheKey_data();
    void errorsNameTheKey();
    void counterSettingsCarryThem();
    void readmeShowsTheDefaults();

private:
    Result<ReceiptSettings> load(const QByteArray& lines,
                                 const QString& path = QStringLiteral("/etc/shop/counter.ini"));
};

Result<ReceiptSettings> TestReceiptSettings::load(const QByteArray& lines, const QString& path)
{
    auto ini = IniFile::parse("[counter]\nterminal_id=T1\n[receipt]\n" + lines, path);
    if (!ini)
        return ini.error();
    return ReceiptSettings::load(*ini, path);
}

void TestReceiptSettings::defaults()
{
    auto settings = load({});
    QVERIFY(settings.ok());
    QCOMPARE(settings->printer, ReceiptSettings::Printer::None);
    QCOMPARE(settings->paper, ReceiptSettings::Paper::Roll58);
    QCOMPARE(settings->autoPrint, false);
    QCOMPARE(settings->port, quint16(9100));
    QCOMPARE(settings->timeoutMs, qint64(10'000));
    QVERIFY(settings->pdfFolder.isEmpty());
    QCOMPARE(settings->pdfFolderOrDefault(),
             QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/receipts"));

    // A file with no [receipt] at all.
    auto ini = IniFile::parse("[counter]\n", QStringLiteral("c.ini"));
    QVERIFY(ini.ok());
    QCOMPARE(ReceiptSettings::load(*ini, QStringLiteral("c.ini"))->printer, ReceiptSettings::Printer::None);
}

void TestReceiptSettings::printers()
{
    auto pdf = load("printer=pdf\npaper=a4\nauto_print=true\npdf_folder=/srv/receipts\n");
    QVERIFY(pdf.ok());
    QCOMPARE(pdf->printer, ReceiptSettings::Printer::Pdf);
    QCOMPARE(pdf->paper, ReceiptSettings::Paper::A4);
    QCOMPARE(pdf->autoPrint, true);
    QCOMPARE(pdf->pdfFolderOrDefault(), QStringLiteral("/srv/receipts"));

    auto system = load("printer=system\npaper=80\nprinter_name=Receipt_80\n");
    QVERIFY(system.ok());
    QCOMPARE(system->printer, ReceiptSettings::Printer::System);
    QCOMPARE(system->paper, ReceiptSettings::Paper::Roll80);
    QCOMPARE(system->printerName, QStringLiteral("Receipt_80"));
}

void TestReceiptSettings::escposTargets()
{
    auto device = load("printer=escpos\ndevice=/dev/usb/lp0\n");
    QVERIFY(device.ok());
    QCOMPARE(device->printer, ReceiptSettings::Printer::EscPos);
    QCOMPARE(device->target, ReceiptSettings::EscPosTarget::Device);
    QCOMPARE(device->device, QStringLiteral("/dev/usb/lp0"));

    auto network = load("printer=escpos\nhost=192.168.1.50   ; the kitchen printer\nport=9101\ntimeout_s=3\n");
    QVERIFY2(network.ok(), qPrintable(network.ok() ? QString() : network.error().toString()));
    QCOMPARE(network->target, ReceiptSettings::EscPosTarget::Network);
    QCOMPARE(network->host, QStringLiteral("192.168.1.50"));
    QCOMPARE(network->port, quint16(9101));
    QCOMPARE(network->timeoutMs, qint64(3000));
    QVERIFY(load("printer=escpos\nhost=printer-1.shop.lan\n").ok());
    QVERIFY(load("printer=escpos\nhost=fe80::1\n").ok());

    auto file = load("printer=escpos\nfile=/tmp/receipt.bin\npaper=80\n");
    QVERIFY(file.ok());
    QCOMPARE(file->target, ReceiptSettings::EscPosTarget::File);
    QCOMPARE(file->file, QStringLiteral("/tmp/receipt.bin"));
    QCOMPARE(file->paper, ReceiptSettings::Paper::Roll80);

    // A target set while another printer is chosen is simply unused.
    QVERIFY(load("printer=pdf\ndevice=/dev/usb/lp0\nhost=10.0.0.9\n").ok());
}

void TestReceiptSettings::relativePathsFollowTheFile()
{
    auto settings = load("printer=escpos\nfile=out/receipt.bin\npdf_folder=receipts\n");
    QVERIFY(settings.ok());
    QCOMPARE(settings->file, QStringLiteral("/etc/shop/out/receipt.bin"));
    QCOMPARE(settings->pdfFolder, QStringLiteral("/etc/shop/receipts"));
}

void TestReceiptSettings::errorsNameTheKey_data()
{
    QTest::addColumn<QByteArray>("lines");
    QTest::addColumn<QString>("key");
    QTest::newRow("printer") << QByteArray("printer=laser\n") << QStringLiteral("printer");
    QTest::newRow("paper") << QByteArray("paper=57\n") << QStringLiteral("paper");
    QTest::newRow("escpos on a4") << QByteArray("printer=escpos\ndevice=/dev/usb/lp0\npaper=a4\n")
                                  << QStringLiteral("paper");
    QTest::newRow("auto_print") << QByteArray("auto_print=yes\n") << QStringLiteral("auto_print");
    QTest::newRow("no target") << QByteArray("printer=escpos\n") << QStringLiteral("device");
    QTest::newRow("two targets") << QByteArray("printer=escpos\ndevice=/dev/usb/lp0\nhost=10.0.0.9\n")
                                 << QStringLiteral("host");
    QTest::newRow("device and file") << QByteArray("printer=escpos\ndevice=/dev/usb/lp0\nfile=r.bin\n")
                                     << QStringLiteral("file");
    QTest::newRow("relative device") << QByteArray("printer=escpos\ndevice=usb/lp0\n") << QStringLiteral("device");
    QTest::newRow("host with port") << QByteArray("printer=escpos\nhost=10.0.0.9:9100\n") << QStringLiteral("host");
    QTest::newRow("host as url") << QByteArray("printer=escpos\nhost=tcp://10.0.0.9\n") << QStringLiteral("host");
    QTest::newRow("port 0") << QByteArray("port=0\n") << QStringLiteral("port");
    QTest::newRow("port high") << QByteArray("port=65536\n") << QStringLiteral("port");
    QTest::newRow("port text") << QByteArray("port=raw\n") << QStringLiteral("port");
    QTest::newRow("timeout 0") << QByteArray("timeout_s=0\n") << QStringLiteral("timeout_s");
    QTest::newRow("timeout long") << QByteArray("timeout_s=600\n") << QStringLiteral("timeout_s");
}

void TestReceiptSettings::errorsNameTheKey()
{
    QFETCH(QByteArray, lines);
    QFETCH(QString, key);
    auto settings = load(lines);
    QVERIFY(!settings.ok());
    QCOMPARE(settings.error().category(), Error::Category::Config);
    const QString where = QStringLiteral("/etc/shop/counter.ini [receipt] ") + key + u':';
    QVERIFY2(settings.error().message().startsWith(where), qPrintable(settings.error().message()));
}

void TestReceiptSettings::counterSettingsCarryThem()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("counter.ini"));
    config::GatewayConfig gateway;
    test::writeFile(path, "[counter]\nterminal_id=T2\n[receipt]\nprinter=escpos\nhost=10.0.0.9\npaper=80\n");
    auto counter = config::CounterSettings::load(path, gateway);
    QVERIFY2(counter.ok(), qPrintable(counter.ok() ? QString() : counter.error().toString()));
    QCOMPARE(counter->receipt.printer, ReceiptSettings::Printer::EscPos);
    QCOMPARE(counter->receipt.host, QStringLiteral("10.0.0.9"));
    QCOMPARE(counter->receipt.paper, ReceiptSettings::Paper::Roll80);

    test::writeFile(path, "[counter]\nterminal_id=T2\n[receipt]\nprinter=escpos\n");
    counter = config::CounterSettings::load(path, gateway);
    QVERIFY(!counter.ok());
    QVERIFY2(counter.error().message().contains(QStringLiteral("[receipt] device")),
             qPrintable(counter.error().message()));
}

void TestReceiptSettings::readmeShowsTheDefaults()
{
    // The README's configuration example lists every key of [receipt] with its default.
    const QString readme = QString::fromUtf8(test::readFile(QStringLiteral(COUNTERPAY_SOURCE_DIR "/README.md")));
    static const QRegularExpression block(QStringLiteral("```ini\n(.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    QString example;
    for (const QRegularExpressionMatch& match : block.globalMatch(readme)) {
        if (match.captured(1).contains(QStringLiteral("[receipt]")))
            example = match.captured(1);
    }
    QVERIFY(!example.isEmpty());
    auto ini = IniFile::parse(example.toUtf8(), QStringLiteral("README.md"));
    QVERIFY2(ini.ok(), qPrintable(ini.ok() ? QString() : ini.error().toString()));
    for (const char* key : {"printer", "paper", "auto_print", "pdf_folder", "printer_name", "device", "host", "port",
                            "file", "timeout_s"})
        QVERIFY2(ini->contains(QStringLiteral("receipt"), QString::fromLatin1(key)), key);
    auto settings = ReceiptSettings::load(*ini, QStringLiteral("README.md"));
    QVERIFY2(settings.ok(), qPrintable(settings.ok() ? QString() : settings.error().toString()));
    const ReceiptSettings defaults;
    QCOMPARE(settings->printer, defaults.printer);
    QCOMPARE(settings->paper, defaults.paper);
    QCOMPARE(settings->autoPrint, defaults.autoPrint);
    QCOMPARE(settings->port, defaults.port);
    QCOMPARE(settings->timeoutMs, defaults.timeoutMs);
    QCOMPARE(settings->pdfFolder, defaults.pdfFolder);
}

QTEST_GUILESS_MAIN(TestReceiptSettings)
#include "TestReceiptSettings.moc"
