#pragma once

#include "feedback/SpeechEngine.h"
#include "feedback/VoiceChoice.h"
#include "money/Money.h"

#include <QLocale>
#include <QObject>
#include <QString>

#include <optional>

class QThread;

namespace counterpay::ui::feedback {

class SpeechWorker;

// Says 「支付宝到账十二点三四元」 when money arrived, with the best voice the machine has.
//
// Nothing here blocks the GUI: the speech engine is opened, asked for its voices and driven on the
// announcer's own thread (speech-dispatcher takes about two seconds to list espeak-ng's voices, and
// longer when it has to be started). Until a voice is chosen, and when there is none, announce()
// returns false and says nothing, so the caller can play a sound instead.
class Announcer : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Off,      // not started, or stopped
        Starting, // the engine is opening on the speech thread
        Ready,    // a voice is chosen
        NoVoice,  // no engine, or no Chinese or English voice
    };
    Q_ENUM(State)

    // An empty factory (no speech engine plugin) gives an announcer that never has a voice.
    explicit Announcer(SpeechEngineFactory factory = qtSpeechEngine(), QObject* parent = nullptr);
    ~Announcer() override;

    // Opens the engine (once) and chooses the voice for `language` (the [feedback] voice_language);
    // calling it again re-chooses, for a changed setting. `volumePercent` 0..100; none keeps the
    // engine's own. Returns at once; stateChanged() follows.
    void start(const QLocale& language, std::optional<int> volumePercent);
    void setVolume(std::optional<int> volumePercent);

    State state() const { return m_state; }
    // Valid in the Ready state.
    SpokenLanguage language() const { return m_language; }
    QString voiceName() const { return m_voiceName; }

    // Says `text` when a voice is ready; otherwise says nothing and returns false.
    bool say(const QString& text);
    // 「支付宝到账<amount>元」, or "Alipay received <amount> yuan" when the voice is English.
    bool announcePaid(Money amount);

signals:
    void stateChanged(counterpay::ui::feedback::Announcer::State state);

private:
    void onVoiceChosen(bool found, int language, const QString& voiceName);
    void setState(State state);

    SpeechEngineFactory m_factory;
    QThread* m_thread = nullptr;
    SpeechWorker* m_worker = nullptr;
    State m_state = State::Off;
    SpokenLanguage m_language = SpokenLanguage::Chinese;
    QString m_voiceName;
};

} // namespace counterpay::ui::feedback
