#include "common/IniFile.h"
#include "config/CounterSettings.h"
#include "config/FeedbackSettings.h"
#include "config/GatewayConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using config::FeedbackSettings;

class TestFeedbackSettings : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void counterSettingsCarryIt();

private:
    static Result<FeedbackSettings> load(const QString& section);
};

Result<FeedbackSettings> TestFeedbackSettings::load(const QString& section)
{
    auto ini =
        IniFile::parse(QStringLiteral("[feedback]\n%1\n").arg(section).toUtf8(), QStringLiteral("counterpay.ini"));
    if (!ini)
        return ini.error();
    return FeedbackSettings::load(*ini, QStringLiteral("counterpay.ini"));
}

void TestFeedbackSettings::defaults()
{
    auto ini = IniFile::parse("[counter]\nterminal_id=T1\n", QStringLiteral("counterpay.ini"));
    QVERIFY(ini.ok());
    auto settings = FeedbackSettings::load(*ini, QStringLiteral("counterpay.ini"));
    QVERIFY(settings.ok());
    QCOMPARE(settings->sounds, true);
    QCOMPARE(settings->voice, true);
    QCOMPARE(settings->voiceLanguage, QLocale(QLocale::Chinese, QLocale::China));
    QVERIFY(!settings->volumePercent.has_value());
    // Empty values are the defaults too.
    settings = load(QStringLiteral("sounds=\nvoice=\nvoice_language=\nvolume=   ; system volume"));
    QVERIFY(settings.ok());
    QCOMPARE(settings->sounds, true);
    QCOMPARE(settings->voice, true);
    QCOMPARE(settings->voiceLanguage, QLocale(QLocale::Chinese, QLocale::China));
    QVERIFY(!settings->volumePercent.has_value());
}

void TestFeedbackSettings::accepted_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<bool>("sounds");
    QTest::addColumn<bool>("voice");
    QTest::addColumn<QString>("language");
    QTest::addColumn<int>("volume"); // -1: none
    QTest::newRow("all off") << QStringLiteral("sounds=false\nvoice=false") << false << false << QStringLiteral("zh_CN")
                             << -1;
    QTest::newRow("sounds only") << QStringLiteral("voice=false") << true << false << QStringLiteral("zh_CN") << -1;
    QTest::newRow("english") << QStringLiteral("voice_language=en_US") << true << true << QStringLiteral("en_US") << -1;
    QTest::newRow("british") << QStringLiteral("voice_language=en_GB") << true << true << QStringLiteral("en_GB") << -1;
    QTest::newRow("en short") << QStringLiteral("voice_language=en") << true << true << QStringLiteral("en_US") << -1;
    QTest::newRow("zh short") << QStringLiteral("voice_language=zh") << true << true << QStringLiteral("zh_CN") << -1;
    QTest::newRow("silent") << QStringLiteral("volume=0") << true << true << QStringLiteral("zh_CN") << 0;
    QTest::newRow("full") << QStringLiteral("volume=100") << true << true << QStringLiteral("zh_CN") << 100;
    QTest::newRow("commented") << QStringLiteral("volume=70   ; a quiet shop") << true << true
                               << QStringLiteral("zh_CN") << 70;
}

void TestFeedbackSettings::accepted()
{
    QFETCH(QString, section);
    QFETCH(bool, sounds);
    QFETCH(bool, voice);
    QFETCH(QString, language);
    QFETCH(int, volume);
    auto settings = load(section);
    QVERIFY2(settings.ok(), qPrintable(settings.ok() ? QString() : settings.error().toString()));
    QCOMPARE(settings->sounds, sounds);
    QCOMPARE(settings->voice, voice);
    QCOMPARE(settings->voiceLanguage.name(), language);
    QCOMPARE(settings->volumePercent.value_or(-1), volume);
}

void TestFeedbackSettings::rejected_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::newRow("sounds yes") << QStringLiteral("sounds=yes") << QStringLiteral("sounds");
    QTest::newRow("sounds 1") << QStringLiteral("sounds=1") << QStringLiteral("sounds");
    QTest::newRow("voice True") << QStringLiteral("voice=True") << QStringLiteral("voice");
    QTest::newRow("cantonese") << QStringLiteral("voice_language=zh_HK") << QStringLiteral("voice_language");
    QTest::newRow("japanese") << QStringLiteral("voice_language=ja_JP") << QStringLiteral("voice_language");
    QTest::newRow("bcp47") << QStringLiteral("voice_language=zh-CN") << QStringLiteral("voice_language");
    QTest::newRow("volume over") << QStringLiteral("volume=101") << QStringLiteral("volume");
    QTest::newRow("volume negative") << QStringLiteral("volume=-1") << QStringLiteral("volume");
    QTest::newRow("volume fraction") << QStringLiteral("volume=0.5") << QStringLiteral("volume");
    QTest::newRow("volume percent sign") << QStringLiteral("volume=80%") << QStringLiteral("volume");
}

void TestFeedbackSettings::rejected()
{
    QFETCH(QString, section);
    QFETCH(QString, key);
    auto settings = load(section);
    QVERIFY(!settings.ok());
    QCOMPARE(settings.error().category(), Error::Category::Config);
    // The integrator is told where: file, section and key.
    QVERIFY2(settings.error().message().contains(QStringLiteral("counterpay.ini [feedback] ") + key),
             qPrintable(settings.error().message()));
}

void TestFeedbackSettings::counterSettingsCarryIt()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("counterpay.ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[counter]\nterminal_id=T7\n[feedback]\nvoice=false\nvolume=40\n");
    file.close();
    const config::GatewayConfig gateway;
    auto counter = config::CounterSettings::load(path, gateway);
    QVERIFY2(counter.ok(), qPrintable(counter.ok() ? QString() : counter.error().toString()));
    QCOMPARE(counter->feedback.voice, false);
    QCOMPARE(counter->feedback.sounds, true);
    QCOMPARE(counter->feedback.volumePercent.value_or(-1), 40);

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[feedback]\nsounds=on\n");
    file.close();
    counter = config::CounterSettings::load(path, gateway);
    QVERIFY(!counter.ok());
    QVERIFY2(counter.error().message().contains(QStringLiteral("[feedback] sounds")),
             qPrintable(counter.error().message()));
}

QTEST_GUILESS_MAIN(TestFeedbackSettings)
#include "TestFeedbackSettings.moc"
