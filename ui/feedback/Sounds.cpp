#include "feedback/Sounds.h"

#include <QAudio>
#include <QAudioDevice>
#include <QMediaDevices>
#include <QSoundEffect>

namespace counterpay::ui::feedback {

namespace {

constexpr std::array kCues{Cue::Paid, Cue::Failed, Cue::Scanned};

std::size_t slot(Cue cue)
{
    return static_cast<std::size_t>(cue);
}

} // namespace

Sounds::Sounds(QObject* parent)
    : QObject(parent)
    , m_devices(new QMediaDevices(this))
{
    connect(m_devices, &QMediaDevices::audioOutputsChanged, this, &Sounds::load);
    load();
}

Sounds::~Sounds() = default;

QUrl Sounds::source(Cue cue)
{
    switch (cue) {
    case Cue::Paid:
        return QUrl(QStringLiteral("qrc:/sounds/paid.wav"));
    case Cue::Failed:
        return QUrl(QStringLiteral("qrc:/sounds/failed.wav"));
    case Cue::Scanned:
        return QUrl(QStringLiteral("qrc:/sounds/scanned.wav"));
    }
    return {};
}

bool Sounds::hasOutput() const
{
    return !QMediaDevices::defaultAudioOutput().isNull();
}

// Loads the effects once an output exists (decoding happens in the background, so the first
// payment's chime is ready when it comes), and moves them to the default output when it changes.
// Without an output nothing is made: QSoundEffect would complain on every play.
void Sounds::load()
{
    const QAudioDevice output = QMediaDevices::defaultAudioOutput();
    if (output.isNull())
        return;
    for (const Cue cue : kCues) {
        QSoundEffect*& effect = m_effects[slot(cue)];
        if (!effect) {
            effect = new QSoundEffect(output, this);
            effect->setSource(source(cue));
            effect->setVolume(m_volume);
        } else if (effect->audioDevice() != output) {
            effect->setAudioDevice(output);
        }
    }
}

void Sounds::setVolume(std::optional<int> percent)
{
    // A volume setting is a loudness; QSoundEffect wants a linear gain.
    m_volume = percent ? QAudio::convertVolume(static_cast<float>(*percent) / 100.0f, QAudio::LogarithmicVolumeScale,
                                               QAudio::LinearVolumeScale)
                       : 1.0f;
    for (QSoundEffect* effect : m_effects) {
        if (effect)
            effect->setVolume(m_volume);
    }
}

void Sounds::play(Cue cue)
{
    QSoundEffect* effect = m_effects[slot(cue)];
    if (!effect || !hasOutput())
        return;
    effect->stop();
    effect->play();
}

} // namespace counterpay::ui::feedback
