#pragma once

#include <QObject>
#include <QUrl>

#include <array>
#include <optional>

class QMediaDevices;
class QSoundEffect;

namespace counterpay::ui::feedback {

// The counter's short sounds (resources/sounds/, made by make-sounds.py).
enum class Cue
{
    Paid,    // a bright rising two-tone chime
    Failed,  // two low beeps
    Scanned, // a short tick: the scanner gun's code was taken
};

// Plays the cues through QSoundEffect. play() never blocks and never fails loudly: with no audio
// output (a headless machine, CI, speakers unplugged) it is silent, and it picks up an output that
// appears later.
class Sounds : public QObject
{
    Q_OBJECT

public:
    explicit Sounds(QObject* parent = nullptr);
    ~Sounds() override;

    static QUrl source(Cue cue);

    // 0..100, perceived loudness; none: full volume, under the system's mixer.
    void setVolume(std::optional<int> percent);
    // From the start, over a cue still sounding from before; a different cue may overlap.
    void play(Cue cue);
    bool hasOutput() const;

private:
    void load();

    QMediaDevices* m_devices = nullptr;
    std::array<QSoundEffect*, 3> m_effects{};
    float m_volume = 1.0f;
};

} // namespace counterpay::ui::feedback
