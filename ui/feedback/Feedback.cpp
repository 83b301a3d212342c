#include "feedback/Feedback.h"

#include "feedback/Announcer.h"
#include "feedback/FeedbackLog.h"
#include "store/Order.h"

namespace counterpay::ui::feedback {

Q_LOGGING_CATEGORY(lcFeedback, "counterpay.feedback")

Feedback::Feedback(const config::FeedbackSettings& settings, QObject* parent)
    : Feedback(settings, qtSpeechEngine(), parent)
{}

Feedback::Feedback(const config::FeedbackSettings& settings, SpeechEngineFactory speech, QObject* parent)
    : QObject(parent)
    , m_announcer(new Announcer(std::move(speech), this))
{
    m_speechDelay.setSingleShot(true);
    connect(&m_speechDelay, &QTimer::timeout, this, [this] { m_announcer->say(m_pendingSpeech); });
    setSettings(settings);
}

Feedback::~Feedback() = default;

void Feedback::setSettings(const config::FeedbackSettings& settings)
{
    const bool languageChanged = settings.voiceLanguage != m_settings.voiceLanguage;
    m_settings = settings;
    // Made as soon as a sound may be needed (the chime stands in for a missing voice), so that the
    // first payment's chime is loaded when it comes; never when the counter is silent.
    if (settings.sounds || settings.voice)
        sounds().setVolume(settings.volumePercent);
    if (!settings.voice)
        return;
    if (m_announcer->state() == Announcer::State::Off || languageChanged)
        m_announcer->start(settings.voiceLanguage, settings.volumePercent);
    else
        m_announcer->setVolume(settings.volumePercent);
}

std::optional<SpokenLanguage> Feedback::voiceLanguage() const
{
    if (m_announcer->state() != Announcer::State::Ready)
        return std::nullopt;
    return m_announcer->language();
}

FeedbackPlan Feedback::plan(Event event, const config::FeedbackSettings& settings, std::optional<SpokenLanguage> voice,
                            Money amount)
{
    FeedbackPlan plan;
    if (settings.volumePercent == 0)
        return plan;
    switch (event) {
    case Event::Paid: {
        const bool speak = settings.voice && voice.has_value();
        if (settings.sounds || (settings.voice && !voice))
            plan.sound = Cue::Paid;
        if (speak) {
            plan.speech = paidAnnouncement(*voice, amount);
            plan.speechDelayMs = plan.sound ? kSpeechAfterChimeMs : 0;
        }
        break;
    }
    case Event::Failed:
        if (settings.sounds)
            plan.sound = Cue::Failed;
        break;
    case Event::Scanned:
        if (settings.sounds)
            plan.sound = Cue::Scanned;
        break;
    }
    return plan;
}

void Feedback::paid(const store::Order& order)
{
    paid(order.totalAmount);
}

void Feedback::paid(Money amount)
{
    run(Event::Paid, amount);
}

void Feedback::failed()
{
    run(Event::Failed, {});
}

void Feedback::scanned()
{
    run(Event::Scanned, {});
}

void Feedback::run(Event event, Money amount)
{
    const FeedbackPlan decided = plan(event, m_settings, voiceLanguage(), amount);
    // A new event silences speech still waiting for its chime: it belongs to an older payment.
    m_speechDelay.stop();
    if (decided.sound)
        sounds().play(*decided.sound);
    if (!decided.speech.isEmpty()) {
        m_pendingSpeech = decided.speech;
        if (decided.speechDelayMs > 0)
            m_speechDelay.start(decided.speechDelayMs);
        else
            m_announcer->say(decided.speech);
    }
    emit played(decided);
}

Sounds& Feedback::sounds()
{
    if (!m_sounds)
        m_sounds = new Sounds(this);
    return *m_sounds;
}

} // namespace counterpay::ui::feedback
