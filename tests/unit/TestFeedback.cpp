#include "feedback/Announcer.h"
#include "feedback/Feedback.h"
#include "store/Order.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMutex>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace counterpay;
using namespace counterpay::ui::feedback;
using config::FeedbackSettings;

namespace {

// A speech engine that speaks nothing and remembers everything, safe to read from the test while the
// announcer's thread drives it.
struct SpeechScript
{
    QList<VoiceInfo> voices;
    bool usable = true;

    QStringList said() const
    {
        QMutexLocker lock(&mutex);
        return m_said;
    }
    QString voice() const
    {
        QMutexLocker lock(&mutex);
        return m_voice;
    }
    double volume() const
    {
        QMutexLocker lock(&mutex);
        return m_volume;
    }
    bool openedOnGuiThread() const
    {
        QMutexLocker lock(&mutex);
        return m_openedOnGuiThread;
    }

    mutable QMutex mutex;
    QStringList m_said;
    QString m_voice;
    double m_volume = -1;
    bool m_openedOnGuiThread = false;
};

class ScriptedSpeech final : public SpeechEngine
{
public:
    explicit ScriptedSpeech(std::shared_ptr<SpeechScript> script)
        : m_script(std::move(script))
    {
        QMutexLocker lock(&m_script->mutex);
        m_script->m_openedOnGuiThread = QThread::currentThread() == QCoreApplication::instance()->thread();
    }
    bool isUsable() const override { return m_script->usable; }
    QList<VoiceInfo> voices() override { return m_script->voices; }
    bool useVoice(qsizetype index) override
    {
        QMutexLocker lock(&m_script->mutex);
        m_script->m_voice = m_script->voices.at(index).name;
        return true;
    }
    void setVolume(double volume) override
    {
        QMutexLocker lock(&m_script->mutex);
        m_script->m_volume = volume;
    }
    void say(const QString& text) override
    {
        QMutexLocker lock(&m_script->mutex);
        m_script->m_said.append(text);
    }

private:
    std::shared_ptr<SpeechScript> m_script;
};

SpeechEngineFactory scripted(const std::shared_ptr<SpeechScript>& script)
{
    return [script] { return std::make_unique<ScriptedSpeech>(script); };
}

const VoiceInfo kMandarin{QStringLiteral("Chinese (Mandarin, latin as Pinyin)"), QLocale::c()};
const VoiceInfo kAmerican{QStringLiteral("English (America)"), QLocale(QLocale::English, QLocale::UnitedStates)};

FeedbackSettings settings(bool sounds, bool voice, std::optional<int> volume = {})
{
    FeedbackSettings s;
    s.sounds = sounds;
    s.voice = voice;
    s.volumePercent = volume;
    return s;
}

} // namespace

class TestFeedback : public QObject
{
    Q_OBJECT

private slots:
    void plan_data();
    void plan();
    void paidIsAnnouncedAfterTheChime();
    void englishWhenOnlyAnEnglishVoice();
    void chimeAloneWithoutAVoice();
    void noEngineAtAll();
    void voiceSwitchedOff();
    void languageChangeChoosesAgain();
    void volumeReachesTheVoice();
    void failedAndScannedNeverSpeak();
    void realSpeechDispatcher();
};

void TestFeedback::plan_data()
{
    QTest::addColumn<int>("event");
    QTest::addColumn<bool>("sounds");
    QTest::addColumn<bool>("voice");
    QTest::addColumn<int>("volume"); // -1: none
    QTest::addColumn<int>("ready");  // the ready voice's language, -1: none
    QTest::addColumn<int>("sound");  // -1: none
    QTest::addColumn<QString>("speech");
    QTest::addColumn<int>("delay");

    const int paid = int(Feedback::Event::Paid);
    const int failed = int(Feedback::Event::Failed);
    const int scanned = int(Feedback::Event::Scanned);
    const int zh = int(SpokenLanguage::Chinese);
    const int en = int(SpokenLanguage::English);
    const int chime = int(Cue::Paid);
    const QString words = QStringLiteral("支付宝到账十二点三四元");
    const int after = Feedback::kSpeechAfterChimeMs;

    QTest::newRow("paid: chime, then the voice") << paid << true << true << -1 << zh << chime << words << after;
    QTest::newRow("paid: English voice") << paid << true << true << -1 << en << chime
                                         << QStringLiteral("Alipay received 12.34 yuan") << after;
    QTest::newRow("paid: voice only, at once") << paid << false << true << -1 << zh << -1 << words << 0;
    QTest::newRow("paid: sound only") << paid << true << false << -1 << zh << chime << QString() << 0;
    QTest::newRow("paid: no voice installed") << paid << true << true << -1 << -1 << chime << QString() << 0;
    QTest::newRow("paid: no voice installed, the chime stands in")
        << paid << false << true << -1 << -1 << chime << QString() << 0;
    QTest::newRow("paid: all off") << paid << false << false << -1 << zh << -1 << QString() << 0;
    QTest::newRow("paid: volume 0") << paid << true << true << 0 << zh << -1 << QString() << 0;
    QTest::newRow("paid: volume 30") << paid << true << true << 30 << zh << chime << words << after;
    QTest::newRow("failed") << failed << true << true << -1 << zh << int(Cue::Failed) << QString() << 0;
    QTest::newRow("failed: sounds off") << failed << false << true << -1 << zh << -1 << QString() << 0;
    QTest::newRow("failed: sounds off, no voice") << failed << false << true << -1 << -1 << -1 << QString() << 0;
    QTest::newRow("scanned") << scanned << true << true << -1 << zh << int(Cue::Scanned) << QString() << 0;
    QTest::newRow("scanned: sounds off") << scanned << false << true << -1 << zh << -1 << QString() << 0;
}

void TestFeedback::plan()
{
    QFETCH(int, event);
    QFETCH(bool, sounds);
    QFETCH(bool, voice);
    QFETCH(int, volume);
    QFETCH(int, ready);
    QFETCH(int, sound);
    QFETCH(QString, speech);
    QFETCH(int, delay);
    const std::optional<SpokenLanguage> readyVoice =
        ready < 0 ? std::nullopt : std::optional<SpokenLanguage>(SpokenLanguage(ready));
    const FeedbackPlan decided = Feedback::plan(
        Feedback::Event(event), settings(sounds, voice, volume < 0 ? std::nullopt : std::optional(volume)), readyVoice,
        Money::fromFen(1234));
    QCOMPARE(decided.sound ? int(*decided.sound) : -1, sound);
    QCOMPARE(decided.speech, speech);
    QCOMPARE(decided.speechDelayMs, delay);
}

void TestFeedback::paidIsAnnouncedAfterTheChime()
{
    auto script = std::make_shared<SpeechScript>();
    script->voices = {kAmerican, kMandarin};
    Feedback feedback(settings(true, true), scripted(script));
    QTRY_COMPARE(feedback.announcer().state(), Announcer::State::Ready);
    QCOMPARE(feedback.announcer().voiceName(), kMandarin.name);
    QCOMPARE(script->voice(), kMandarin.name);
    QVERIFY2(!script->openedOnGuiThread(), "the speech engine must not be opened on the GUI thread");

    store::Order order;
    order.totalAmount = Money::fromFen(1234);
    QSignalSpy played(&feedback, &Feedback::played);
    feedback.paid(order);
    QCOMPARE(played.size(), 1);
    QVERIFY(script->said().isEmpty()); // the chime first
    QTRY_COMPARE(script->said(), QStringList{QStringLiteral("支付宝到账十二点三四元")});
}

void TestFeedback::englishWhenOnlyAnEnglishVoice()
{
    auto script = std::make_shared<SpeechScript>();
    script->voices = {kAmerican};
    Feedback feedback(settings(false, true), scripted(script));
    QTRY_COMPARE(feedback.announcer().state(), Announcer::State::Ready);
    QCOMPARE(feedback.voiceLanguage(), std::optional(SpokenLanguage::English));
    feedback.paid(Money::fromFen(10000));
    QTRY_COMPARE(script->said(), QStringList{QStringLiteral("Alipay received 100 yuan")});
}

void TestFeedback::chimeAloneWithoutAVoice()
{
    auto script = std::make_shared<SpeechScript>();
    script->voices = {{QStringLiteral("Chinese (Cantonese)"), QLocale(QStringLiteral("yue_HK"))}};
    Feedback feedback(settings(true, true), scripted(script));
    QTRY_COMPARE(feedback.announcer().state(), Announcer::State::NoVoice);
    QVERIFY(!feedback.voiceLanguage());
    QSignalSpy played(&feedback, &Feedback::played);
    feedback.paid(Money::fromFen(1234));
    QCOMPARE(played.size(), 1);
    const auto decided = played.at(0).at(0).value<FeedbackPlan>();
    QCOMPARE(decided.sound, std::optional(Cue::Paid));
    QVERIFY(decided.speech.isEmpty());
    QTest::qWait(Feedback::kSpeechAfterChimeMs + 100);
    QVERIFY(script->said().isEmpty());
}

void TestFeedback::noEngineAtAll()
{
    // No speech plugin: an empty factory. And an engine that cannot start (no speech-dispatcher).
    {
        Feedback feedback(settings(true, true), SpeechEngineFactory());
        QCOMPARE(feedback.announcer().state(), Announcer::State::NoVoice);
        feedback.paid(Money::fromFen(1));
    }
    auto script = std::make_shared<SpeechScript>();
    script->voices = {kMandarin};
    script->usable = false;
    Feedback feedback(settings(true, true), scripted(script));
    QTRY_COMPARE(feedback.announcer().state(), Announcer::State::NoVoice);
    QVERIFY(!feedback.announcer().announcePaid(Money::fromFen(1)));
    QVERIFY(script->said().isEmpty());
}

void TestFeedback::voiceSwitchedOff()
{
    auto script = std::make_shared<SpeechScript>();
    script->voices = {kMandarin};
    Feedback feedback(settings(true, false), scripted(script));
    // Never started: the engine is not even opened.
    QCOMPARE(feedback.announcer().state(), Announcer::State::Off);
    feedback.paid(Money::fromFen(1234));
    QTest::qWait(Feedback::kSpeechAfterChimeMs + 100);
    QVERIFY(script->said().isEmpty());

    // Switched on from a settings screen.
    feedback.setSettings(settings(true, true));
    QTRY_COMPARE(feedback.announcer().state(), Announcer::State::Ready);
    feedback.paid(Money::fromFen(5));
    QTRY_COMPARE(script->said(), QStringList{QStringLiteral("支付宝到账零点零五元")});
}

void TestFeedback::languageChangeChoosesAgain()
{
    auto script = std::make_shared<SpeechScript>();
    script->voices = {kMandarin, kAmerican};
    Feedback feedback(settings(false, true), scripted(script));
    QTRY_COMPARE(feedback.announcer().state(), Announcer::State::Ready);
    QCOMPARE(feedback.voiceLanguage(), std::optional(SpokenLanguage::Chinese));

    FeedbackSettings english = settings(false, true);
    english.voiceLanguage = QLocale(QLocale::English, QLocale::UnitedStates);
    feedback.setSettings(english);
    QTRY_COMPARE(feedback.voiceLanguage(), std::optional(SpokenLanguage::English));
    QCOMPARE(script->voice(), kAmerican.name);
    feedback.paid(Money::fromFen(1234));
    QTRY_COMPARE(script->said(), QStringList{QStringLiteral("Alipay received 12.34 yuan")});
}

void TestFeedback::volumeReachesTheVoice()
{
    auto script = std::make_shared<SpeechScript>();
    script->voices = {kMandarin};
    Feedback feedback(settings(false, true, 40), scripted(script));
    QTRY_COMPARE(feedback.announcer().state(), Announcer::State::Ready);
    QCOMPARE(script->volume(), 0.4);
    feedback.setSettings(settings(false, true, 90));
    QTRY_COMPARE(script->volume(), 0.9);
}

void TestFeedback::failedAndScannedNeverSpeak()
{
    auto script = std::make_shared<SpeechScript>();
    script->voices = {kMandarin};
    Feedback feedback(settings(true, true), scripted(script));
    QTRY_COMPARE(feedback.announcer().state(), Announcer::State::Ready);
    QSignalSpy played(&feedback, &Feedback::played);
    feedback.scanned();
    feedback.failed();
    QCOMPARE(played.size(), 2);
    QCOMPARE(played.at(0).at(0).value<FeedbackPlan>().sound, std::optional(Cue::Scanned));
    QCOMPARE(played.at(1).at(0).value<FeedbackPlan>().sound, std::optional(Cue::Failed));
    QTest::qWait(Feedback::kSpeechAfterChimeMs + 100);
    QVERIFY(script->said().isEmpty());
}

// The real engine, when a speech-dispatcher is there to talk to. Opt-in, since opening one starts a
// daemon: run a private one with a silent output and point the test at it, for example
//   cp -r /etc/speech-dispatcher /tmp/spd && sed -i 's/^# AudioOutputMethod .*/AudioOutputMethod "alsa"/;
//       s/^#AudioALSADevice .*/AudioALSADevice "null"/' /tmp/spd/speechd.conf
//   speech-dispatcher -s -t 0 -C /tmp/spd -S /tmp/spd/sock -P /tmp/spd/pid &
//   COUNTERPAY_TEST_SPEECHD=unix_socket:/tmp/spd/sock ctest -R test_feedback
void TestFeedback::realSpeechDispatcher()
{
    const QByteArray address = qgetenv("COUNTERPAY_TEST_SPEECHD");
    if (address.isEmpty())
        QSKIP("set COUNTERPAY_TEST_SPEECHD to a speech-dispatcher address to try the real engine");
    qputenv("SPEECHD_ADDRESS", address);
    const SpeechEngineFactory engine = qtSpeechEngine();
    QVERIFY2(engine, "Qt has no speechd engine plugin (qt6-speech-speechd-plugin)");
    Announcer announcer(engine);
    QElapsedTimer clock;
    clock.start();
    announcer.start(QLocale(QLocale::Chinese, QLocale::China), 80);
    // Never blocks the caller, however long the engine takes to open.
    QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(announcer.state(), Announcer::State::Starting);
    QTRY_VERIFY_WITH_TIMEOUT(announcer.state() != Announcer::State::Starting, 30000);
    QCOMPARE(announcer.state(), Announcer::State::Ready);
    qInfo() << "voice" << announcer.voiceName() << "after" << clock.elapsed() << "ms";
    QCOMPARE(announcer.language(), SpokenLanguage::Chinese);
    // espeak-ng (speech-dispatcher-espeak-ng): its pinyin Mandarin voice, the one that reads 支付宝 right.
    if (announcer.voiceName().contains(QStringLiteral("Mandarin")))
        QCOMPARE(announcer.voiceName(), QStringLiteral("Chinese (Mandarin, latin as Pinyin)"));
    QVERIFY(announcer.announcePaid(Money::fromFen(1234)));
    QTest::qWait(1500);
}

QTEST_MAIN(TestFeedback)
#include "TestFeedback.moc"
