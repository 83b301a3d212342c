#include "TestSupport.h"

#include "receipt/QrCode.h"

#include <QTemporaryDir>
#include <QTest>

using counterpay::receipt::QrCode;

class TestQrCode : public QObject
{
    Q_OBJECT

private slots:
    void decodesWithZbar_data();
    void decodesWithZbar();
    void terminalTextHasQuietZoneAndHalfBlocks();
    void refusesEmpty();
};

void TestQrCode::decodesWithZbar_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("alipay url") << QByteArray("https://qr.alipay.com/bax03431ljhokirwl38f00a7");
    QTest::newRow("sandbox url") << QByteArray("http://127.0.0.1:43210/qr/T1-20261126-000001?t=9f8e7d");
}

void TestQrCode::decodesWithZbar()
{
    QFETCH(QByteArray, text);
    auto code = QrCode::encode(text);
    QVERIFY(code.ok());
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("qr.png"));
    QVERIFY(code->toImage(6).save(png));
    // An independent decoder reads back exactly what was encoded.
    const auto decoded =
        counterpay::test::run(QStringLiteral("zbarimg"), {QStringLiteral("--raw"), QStringLiteral("-q"), png});
    QCOMPARE(decoded.exitCode, 0);
    QCOMPARE(decoded.out.trimmed(), text);
}

void TestQrCode::terminalTextHasQuietZoneAndHalfBlocks()
{
    auto code = QrCode::encode("https://qr.alipay.com/x");
    QVERIFY(code.ok());
    const QStringList lines = code->toTerminalText().split(u'\n', Qt::SkipEmptyParts);
    const int width = code->size() + 8;
    QCOMPARE(lines.size(), (width + 1) / 2);
    for (const QString& line : lines)
        QCOMPARE(line.size(), width);
    QCOMPARE(lines.first(), QString(width, QChar(0x2588))); // quiet zone: all light
}

void TestQrCode::refusesEmpty()
{
    QVERIFY(!QrCode::encode(QByteArray()).ok());
}

QTEST_GUILESS_MAIN(TestQrCode)
#include "TestQrCode.moc"
