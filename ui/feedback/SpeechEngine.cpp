#include "feedback/SpeechEngine.h"

#include <QTextToSpeech>
#include <QVoice>

namespace counterpay::ui::feedback {

namespace {

class QtSpeechEngine final : public SpeechEngine
{
public:
    explicit QtSpeechEngine(const QString& engineName)
        : m_speech(engineName)
        , m_usable(m_speech.state() != QTextToSpeech::Error)
    {}

    // Read once: visiting locales later may leave the engine in its Error state (a locale without a
    // voice) although it speaks fine.
    bool isUsable() const override { return m_usable; }

    QList<VoiceInfo> voices() override
    {
        // Qt 6.4 lists voices for the current locale only. Visit the locales a Chinese or English voice
        // can be under (the C locale holds the ones Qt cannot name, such as espeak-ng's "cmn"), not the
        // hundred others: each visit is a round trip to speech-dispatcher.
        m_voices.clear();
        const QList<QLocale> locales = m_speech.availableLocales();
        for (const QLocale& locale : locales) {
            const QLocale::Language language = locale.language();
            if (language != QLocale::Chinese && language != QLocale::English && language != QLocale::C &&
                language != QLocale::AnyLanguage)
                continue;
            m_speech.setLocale(locale);
            const QList<QVoice> voices = m_speech.availableVoices();
            for (const QVoice& voice : voices)
                m_voices.append({voice, locale});
        }
        QList<VoiceInfo> infos;
        infos.reserve(m_voices.size());
        for (const auto& [voice, locale] : std::as_const(m_voices))
            infos.append(VoiceInfo{voice.name(), locale});
        return infos;
    }

    bool useVoice(qsizetype index) override
    {
        if (index < 0 || index >= m_voices.size())
            return false;
        const auto& [voice, locale] = m_voices.at(index);
        m_speech.setLocale(locale);
        m_speech.setVoice(voice);
        return m_speech.voice().name() == voice.name();
    }

    void setVolume(double volume) override { m_speech.setVolume(volume); }
    void say(const QString& text) override { m_speech.say(text); }

private:
    QTextToSpeech m_speech;
    const bool m_usable;
    QList<std::pair<QVoice, QLocale>> m_voices;
};

} // namespace

SpeechEngineFactory qtSpeechEngine(const QString& engineName)
{
    if (!QTextToSpeech::availableEngines().contains(engineName))
        return {};
    return [engineName]() -> std::unique_ptr<SpeechEngine> { return std::make_unique<QtSpeechEngine>(engineName); };
}

} // namespace counterpay::ui::feedback
