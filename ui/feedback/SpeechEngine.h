#pragma once

#include "feedback/VoiceChoice.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace counterpay::ui::feedback {

// What the announcer needs from a speech engine. The app's is QTextToSpeech (qtSpeechEngine); tests
// give a scripted one. An engine is made, used and destroyed on the announcer's own thread, never the
// GUI's: opening speech-dispatcher and listing its voices takes seconds.
class SpeechEngine
{
public:
    virtual ~SpeechEngine() = default;

    // False when the engine could not start (no speech-dispatcher, no output module).
    virtual bool isUsable() const = 0;
    // Every voice the announcement might use.
    virtual QList<VoiceInfo> voices() = 0;
    // Speaks with voices()[index] from now on; false if the engine refused it.
    virtual bool useVoice(qsizetype index) = 0;
    // 0.0 to 1.0.
    virtual void setVolume(double volume) = 0;
    // Starts speaking and returns; interrupts what was being said.
    virtual void say(const QString& text) = 0;
};

using SpeechEngineFactory = std::function<std::unique_ptr<SpeechEngine>()>;

// QTextToSpeech with the named engine ("speechd" on Linux). Null when Qt has no such engine plugin.
SpeechEngineFactory qtSpeechEngine(const QString& engineName = QStringLiteral("speechd"));

} // namespace counterpay::ui::feedback
