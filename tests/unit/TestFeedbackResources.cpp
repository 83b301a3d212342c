#include "common/ApplicationIcon.h"
#include "feedback/Sounds.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QSoundEffect>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace counterpay::ui;
using counterpay::ui::feedback::Cue;
using counterpay::ui::feedback::Sounds;

namespace {

const QString kResources = QStringLiteral(COUNTERPAY_SOURCE_DIR "/resources");

QString resourcePath(const QUrl& url)
{
    return u':' + url.path();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestFeedbackResources : public QObject
{
    Q_OBJECT

private slots:
    void sounds_data();
    void sounds();
    void soundsAreWhatTheScriptMakes();
    void icon();
    void iconSizes();
    void desktopEntry();
};

void TestFeedbackResources::sounds_data()
{
    QTest::addColumn<int>("cue");
    QTest::addColumn<QString>("file");
    QTest::newRow("paid") << int(Cue::Paid) << QStringLiteral("paid.wav");
    QTest::newRow("failed") << int(Cue::Failed) << QStringLiteral("failed.wav");
    QTest::newRow("scanned") << int(Cue::Scanned) << QStringLiteral("scanned.wav");
}

// Each cue is bundled, is short 16-bit PCM mono, and QSoundEffect decodes it (with or without an
// audio output).
void TestFeedbackResources::sounds()
{
    QFETCH(int, cue);
    QFETCH(QString, file);
    const QUrl source = Sounds::source(Cue(cue));
    QCOMPARE(source.scheme(), QStringLiteral("qrc"));
    QCOMPARE(source.fileName(), file);
    const QByteArray wav = readAll(resourcePath(source));
    QVERIFY2(!wav.isEmpty(), qPrintable(resourcePath(source)));
    QCOMPARE(wav, readAll(kResources + QStringLiteral("/sounds/") + file));

    QVERIFY(wav.size() > 44 && wav.size() < 64 * 1024);
    QCOMPARE(wav.left(4), QByteArray("RIFF"));
    QCOMPARE(wav.mid(8, 8), QByteArray("WAVEfmt "));
    const auto u16 = [&](int at) { return qFromLittleEndian<quint16>(wav.constData() + at); };
    const auto u32 = [&](int at) { return qFromLittleEndian<quint32>(wav.constData() + at); };
    QCOMPARE(u16(20), quint16(1)); // PCM
    QCOMPARE(u16(22), quint16(1)); // mono
    QCOMPARE(u16(34), quint16(16));
    const quint32 rate = u32(24);
    QCOMPARE(wav.mid(36, 4), QByteArray("data"));
    const double seconds = double(u32(40)) / (rate * 2);
    QVERIFY2(seconds > 0.03 && seconds < 1.0, qPrintable(QString::number(seconds)));

    QSoundEffect effect;
    effect.setSource(source);
    QTRY_VERIFY(effect.status() == QSoundEffect::Ready || effect.status() == QSoundEffect::Error);
    QCOMPARE(effect.status(), QSoundEffect::Ready);
}

void TestFeedbackResources::soundsAreWhatTheScriptMakes()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed");
    QTemporaryDir out;
    QVERIFY(out.isValid());
    QProcess script;
    script.start(python, {kResources + QStringLiteral("/sounds/make-sounds.py"), out.path()});
    QVERIFY(script.waitForFinished(60000));
    QCOMPARE(script.exitCode(), 0);
    for (const QString& name :
         {QStringLiteral("paid.wav"), QStringLiteral("failed.wav"), QStringLiteral("scanned.wav")}) {
        QVERIFY2(readAll(out.filePath(name)) == readAll(kResources + QStringLiteral("/sounds/") + name),
                 qPrintable(name + QStringLiteral(" differs from what make-sounds.py writes: run it and commit")));
    }
}

void TestFeedbackResources::icon()
{
    QSvgRenderer svg(QStringLiteral(":/icons/counterpay.svg"));
    QVERIFY(svg.isValid());
    QCOMPARE(svg.viewBox(), QRect(0, 0, 256, 256));
    QImage image(256, 256, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    svg.render(&painter);
    painter.end();
    // Outside the rounded tile: transparent. The tile: blue. The receipt: near white. The check: blue.
    QCOMPARE(qAlpha(image.pixel(2, 2)), 0);
    const QColor tile = image.pixelColor(30, 128);
    QVERIFY2(tile.blue() > 200 && tile.red() < 100, qPrintable(tile.name()));
    const QColor paper = image.pixelColor(150, 60);
    QVERIFY2(paper.lightness() > 220, qPrintable(paper.name()));
    const QColor check = image.pixelColor(117, 168);
    QVERIFY2(check.blue() > 200 && check.red() < 100, qPrintable(check.name()));

    // The committed PNGs were rendered from this SVG (by librsvg: close, not identical, to Qt).
    const QImage png(kResources + QStringLiteral("/icons/png/counterpay-256.png"));
    QCOMPARE(png.size(), QSize(256, 256));
    for (const QPoint at : {QPoint(2, 2), QPoint(30, 128), QPoint(150, 60), QPoint(117, 168)}) {
        const QColor a = png.pixelColor(at);
        const QColor b = image.pixelColor(at);
        QVERIFY2(qAbs(a.red() - b.red()) < 16 && qAbs(a.green() - b.green()) < 16 && qAbs(a.blue() - b.blue()) < 16 &&
                     qAbs(a.alpha() - b.alpha()) < 16,
                 qPrintable(QStringLiteral("%1,%2: %3 vs %4").arg(at.x()).arg(at.y()).arg(a.name(), b.name())));
    }
}

void TestFeedbackResources::iconSizes()
{
    const QIcon icon = applicationIcon();
    QVERIFY(!icon.isNull());
    const QList<QSize> sizes = icon.availableSizes();
    for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
        QVERIFY2(sizes.contains(QSize(size, size)), qPrintable(QString::number(size)));
        const QImage png(QStringLiteral(":/icons/png/counterpay-%1.png").arg(size));
        QCOMPARE(png.size(), QSize(size, size));
    }
    QVERIFY(!icon.pixmap(32).isNull());
}

void TestFeedbackResources::desktopEntry()
{
    const QString path = kResources + QStringLiteral("/counterpay.desktop");
    const QString text = QString::fromUtf8(readAll(path));
    const QStringList lines = text.split(u'\n');
    for (const QString& line : {QStringLiteral("Exec=counterpay"), QStringLiteral("Icon=counterpay"),
                                QStringLiteral("Name=CounterPay"), QStringLiteral("Categories=Office;Finance;")})
        QVERIFY2(lines.contains(line), qPrintable(line));
    QVERIFY(text.contains(QStringLiteral("Name[zh_CN]=")));
    QVERIFY(text.contains(QStringLiteral("Comment[zh_CN]=")));

    const QString validate = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    if (validate.isEmpty())
        QSKIP("desktop-file-validate is not installed (desktop-file-utils)");
    QProcess check;
    check.start(validate, {path});
    QVERIFY(check.waitForFinished(30000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardOutput().constData());
}

QTEST_MAIN(TestFeedbackResources)
#include "TestFeedbackResources.moc"
