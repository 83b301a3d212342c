#include "feedback/VoiceChoice.h"

#include <QTest>

using namespace counterpay;
using namespace counterpay::ui::feedback;

namespace {

// What Qt 6.4's speech-dispatcher engine reports on Debian 12 with speech-dispatcher-espeak-ng
// (abridged): espeak-ng's Mandarin voices carry the language "cmn", which QLocale does not know, so
// they sit under the C locale; Cantonese is yue_HK; every voice also comes in "+variant" timbres.
QList<VoiceInfo> debianSpeechd()
{
    const QLocale c = QLocale::c();
    return {
        {QStringLiteral("Afrikaans"), c},
        {QStringLiteral("Chinese (Mandarin, latin as English)"), c},
        {QStringLiteral("Chinese (Mandarin, latin as English)+Adam"), c},
        {QStringLiteral("Chinese (Mandarin, latin as Pinyin)+Adam"), c},
        {QStringLiteral("Chinese (Mandarin, latin as Pinyin)"), c},
        {QStringLiteral("Chinese (Cantonese)"), QLocale(QStringLiteral("yue_HK"))},
        {QStringLiteral("English (Great Britain)"), QLocale(QLocale::English, QLocale::UnitedKingdom)},
        {QStringLiteral("English (America)"), QLocale(QLocale::English, QLocale::UnitedStates)},
        {QStringLiteral("English (America)+Adam"), QLocale(QLocale::English, QLocale::UnitedStates)},
    };
}

const QLocale kChinese(QLocale::Chinese, QLocale::China);
const QLocale kAmerican(QLocale::English, QLocale::UnitedStates);
const QLocale kBritish(QLocale::English, QLocale::UnitedKingdom);

} // namespace

class TestVoiceChoice : public QObject
{
    Q_OBJECT

private slots:
    void languageOfAVoice_data();
    void languageOfAVoice();
    void choice_data();
    void choice();
    void nothingToSayWith();
    void announcement_data();
    void announcement();
};

void TestVoiceChoice::languageOfAVoice_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<int>("language"); // -1: none
    const int zh = int(SpokenLanguage::Chinese);
    const int en = int(SpokenLanguage::English);
    QTest::newRow("zh_CN") << QStringLiteral("Xiaoxiao") << kChinese << zh;
    QTest::newRow("zh_TW") << QStringLiteral("Hanhan") << QLocale(QLocale::Chinese, QLocale::Taiwan) << zh;
    QTest::newRow("zh_SG") << QStringLiteral("x") << QLocale(QLocale::Chinese, QLocale::Singapore) << zh;
    QTest::newRow("zh_HK is Cantonese") << QStringLiteral("Tracy") << QLocale(QLocale::Chinese, QLocale::HongKong)
                                        << -1;
    QTest::newRow("yue") << QStringLiteral("Chinese (Cantonese)") << QLocale(QStringLiteral("yue_HK")) << -1;
    QTest::newRow("named Cantonese") << QStringLiteral("Cantonese") << QLocale(QLocale::Chinese) << -1;
    QTest::newRow("espeak cmn by name") << QStringLiteral("Chinese (Mandarin, latin as English)") << QLocale::c() << zh;
    QTest::newRow("espeak short name") << QStringLiteral("cmn") << QLocale::c() << zh;
    QTest::newRow("espeak pinyin short name") << QStringLiteral("cmn-latn-pinyin") << QLocale::c() << zh;
    QTest::newRow("espeak yue by name") << QStringLiteral("Chinese (Cantonese, latin as Jyutping)") << QLocale::c()
                                        << -1;
    QTest::newRow("espeak yue code") << QStringLiteral("yue+f1") << QLocale::c() << -1;
    QTest::newRow("Xiaoyue is Mandarin") << QStringLiteral("Xiaoyue") << kChinese << zh;
    QTest::newRow("cmnx is not a code") << QStringLiteral("cmnx") << QLocale::c() << -1;
    QTest::newRow("hakka") << QStringLiteral("Hakka Chinese") << QLocale::c() << -1;
    QTest::newRow("unknown, C") << QStringLiteral("Bishnupriya Manipuri") << QLocale::c() << -1;
    QTest::newRow("en_US") << QStringLiteral("English (America)") << kAmerican << en;
    QTest::newRow("en_IN") << QStringLiteral("Heera") << QLocale(QLocale::English, QLocale::India) << en;
    QTest::newRow("japanese") << QStringLiteral("Haruka") << QLocale(QLocale::Japanese, QLocale::Japan) << -1;
}

void TestVoiceChoice::languageOfAVoice()
{
    QFETCH(QString, name);
    QFETCH(QLocale, locale);
    QFETCH(int, language);
    const auto spoken = spokenLanguage(VoiceInfo{name, locale});
    QCOMPARE(spoken ? int(*spoken) : -1, language);
}

void TestVoiceChoice::choice_data()
{
    QTest::addColumn<QList<VoiceInfo>>("voices");
    QTest::addColumn<QLocale>("wanted");
    QTest::addColumn<QString>("voice");
    QTest::addColumn<int>("language");
    const int zh = int(SpokenLanguage::Chinese);
    const int en = int(SpokenLanguage::English);

    QTest::newRow("debian, Chinese: the pinyin voice")
        << debianSpeechd() << kChinese << QStringLiteral("Chinese (Mandarin, latin as Pinyin)") << zh;
    QTest::newRow("debian, American") << debianSpeechd() << kAmerican << QStringLiteral("English (America)") << en;
    QTest::newRow("debian, British") << debianSpeechd() << kBritish << QStringLiteral("English (Great Britain)") << en;

    QList<VoiceInfo> noPinyin = debianSpeechd();
    noPinyin.removeIf([](const VoiceInfo& v) { return v.name.contains(QStringLiteral("Pinyin")); });
    QTest::newRow("older espeak-ng: the base cmn voice, not a variant")
        << noPinyin << kChinese << QStringLiteral("Chinese (Mandarin, latin as English)") << zh;

    QList<VoiceInfo> englishOnly = debianSpeechd();
    englishOnly.removeIf([](const VoiceInfo& v) { return v.name.contains(QStringLiteral("Mandarin")); });
    QTest::newRow("no Chinese voice: English instead")
        << englishOnly << kChinese << QStringLiteral("English (America)") << en;

    const QList<VoiceInfo> chineseOnly{{QStringLiteral("Chinese (Cantonese)"), QLocale(QStringLiteral("yue_HK"))},
                                       {QStringLiteral("Chinese (Mandarin, latin as Pinyin)"), QLocale::c()}};
    QTest::newRow("no English voice: Chinese instead")
        << chineseOnly << kAmerican << QStringLiteral("Chinese (Mandarin, latin as Pinyin)") << zh;

    // Another engine that names its locales: a real zh_CN voice beats one known only by name.
    QList<VoiceInfo> withZhCn = debianSpeechd();
    withZhCn.append({QStringLiteral("Ting-Ting"), kChinese});
    QTest::newRow("a zh_CN voice first") << withZhCn << kChinese << QStringLiteral("Ting-Ting") << zh;
    const QList<VoiceInfo> taiwanAndChina{{QStringLiteral("Mei-Jia"), QLocale(QLocale::Chinese, QLocale::Taiwan)},
                                          {QStringLiteral("Ting-Ting"), kChinese}};
    QTest::newRow("zh_CN before zh_TW") << taiwanAndChina << kChinese << QStringLiteral("Ting-Ting") << zh;
    const QList<VoiceInfo> taiwanOnly{{QStringLiteral("Mei-Jia"), QLocale(QLocale::Chinese, QLocale::Taiwan)}};
    QTest::newRow("zh_TW when alone") << taiwanOnly << kChinese << QStringLiteral("Mei-Jia") << zh;
    const QList<VoiceInfo> british{{QStringLiteral("Daniel"), kBritish}};
    QTest::newRow("en_GB for en_US when alone") << british << kAmerican << QStringLiteral("Daniel") << en;
}

void TestVoiceChoice::choice()
{
    QFETCH(QList<VoiceInfo>, voices);
    QFETCH(QLocale, wanted);
    QFETCH(QString, voice);
    QFETCH(int, language);
    const auto chosen = chooseVoice(voices, wanted);
    QVERIFY(chosen.has_value());
    QCOMPARE(voices.at(chosen->index).name, voice);
    QCOMPARE(int(chosen->language), language);
}

void TestVoiceChoice::nothingToSayWith()
{
    QVERIFY(!chooseVoice({}, kChinese).has_value());
    const QList<VoiceInfo> neither{{QStringLiteral("Chinese (Cantonese)"), QLocale(QStringLiteral("yue_HK"))},
                                   {QStringLiteral("Haruka"), QLocale(QLocale::Japanese, QLocale::Japan)},
                                   {QStringLiteral("Afrikaans"), QLocale::c()}};
    QVERIFY(!chooseVoice(neither, kChinese).has_value());
    QVERIFY(!chooseVoice(neither, kAmerican).has_value());
}

void TestVoiceChoice::announcement_data()
{
    QTest::addColumn<int>("language");
    QTest::addColumn<qint64>("fen");
    QTest::addColumn<QString>("text");
    const int zh = int(SpokenLanguage::Chinese);
    const int en = int(SpokenLanguage::English);
    QTest::newRow("12.34") << zh << qint64(1234) << QStringLiteral("支付宝到账十二点三四元");
    QTest::newRow("0.05") << zh << qint64(5) << QStringLiteral("支付宝到账零点零五元");
    QTest::newRow("100.00") << zh << qint64(10000) << QStringLiteral("支付宝到账一百元");
    QTest::newRow("120000.08") << zh << qint64(12000008) << QStringLiteral("支付宝到账十二万点零八元");
    QTest::newRow("en 12.34") << en << qint64(1234) << QStringLiteral("Alipay received 12.34 yuan");
    QTest::newRow("en 100.00") << en << qint64(10000) << QStringLiteral("Alipay received 100 yuan");
    QTest::newRow("en 10.50") << en << qint64(1050) << QStringLiteral("Alipay received 10.5 yuan");
}

void TestVoiceChoice::announcement()
{
    QFETCH(int, language);
    QFETCH(qint64, fen);
    QFETCH(QString, text);
    QCOMPARE(paidAnnouncement(SpokenLanguage(language), Money::fromFen(fen)), text);
}

QTEST_APPLESS_MAIN(TestVoiceChoice)
#include "TestVoiceChoice.moc"
