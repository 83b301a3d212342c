#pragma once

#include "config/FeedbackSettings.h"
#include "feedback/Sounds.h"
#include "feedback/SpeechEngine.h"
#include "feedback/VoiceChoice.h"
#include "money/Money.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace counterpay::store {
struct Order;
}

namespace counterpay::ui::feedback {

class Announcer;

// What the counter hears for one event, decided from the settings and what the machine can do.
struct FeedbackPlan
{
    std::optional<Cue> sound;
    QString speech;        // empty: nothing said
    int speechDelayMs = 0; // after the chime, so the two do not talk over each other
};

// What the cashier screen calls when a payment is scanned, paid or fails; it honours the counter's
// [feedback] settings. The cashier screen never waits on it: sounds and speech play in the
// background, and a machine without speakers or voices is silent, without errors.
class Feedback : public QObject
{
    Q_OBJECT

public:
    enum class Event
    {
        Paid,
        Failed,
        Scanned,
    };

    // The chime's first note and the start of the second: speech begins as the chime fades.
    static constexpr int kSpeechAfterChimeMs = 450;

    explicit Feedback(const config::FeedbackSettings& settings, QObject* parent = nullptr);
    // `speech` makes the announcer's engine (tests pass a scripted one).
    Feedback(const config::FeedbackSettings& settings, SpeechEngineFactory speech, QObject* parent = nullptr);
    ~Feedback() override;

    // For a settings screen: takes effect from the next event.
    void setSettings(const config::FeedbackSettings& settings);
    const config::FeedbackSettings& settings() const { return m_settings; }

    // The chime and 「支付宝到账 12.34 元」 for the order's amount.
    void paid(const store::Order& order);
    void paid(Money amount);
    // The low double beep.
    void failed();
    // The tick when a payment code from the scanner gun is taken.
    void scanned();

    // The voice the announcement uses; null while it is being found or when there is none.
    std::optional<SpokenLanguage> voiceLanguage() const;
    Announcer& announcer() { return *m_announcer; }

    // The decision, without playing anything. `voice` is the language of the ready voice, if any.
    // When the voice is wanted but the machine has none, the chime plays even with sounds=false:
    // the cashier asked to hear payments. Volume 0 means silence.
    static FeedbackPlan plan(Event event, const config::FeedbackSettings& settings, std::optional<SpokenLanguage> voice,
                             Money amount = {});

signals:
    // For tests and the status bar; emitted as each event is played.
    void played(const counterpay::ui::feedback::FeedbackPlan& plan);

private:
    void run(Event event, Money amount);
    Sounds& sounds();

    config::FeedbackSettings m_settings;
    Announcer* m_announcer = nullptr;
    Sounds* m_sounds = nullptr; // made on first use: no audio system is touched when sounds are off
    QTimer m_speechDelay;
    QString m_pendingSpeech;
};

} // namespace counterpay::ui::feedback

Q_DECLARE_METATYPE(counterpay::ui::feedback::FeedbackPlan)
