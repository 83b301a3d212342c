#include "feedback/Announcer.h"

#include "feedback/FeedbackLog.h"

#include <QThread>

namespace counterpay::ui::feedback {

// Lives on the speech thread and owns the engine there; the announcer talks to it by queued calls
// only.
class SpeechWorker : public QObject
{
    Q_OBJECT

public:
    explicit SpeechWorker(SpeechEngineFactory factory)
        : m_factory(std::move(factory))
    {}

    void choose(const QLocale& language, double volume)
    {
        if (!m_opened) {
            m_opened = true;
            m_engine = m_factory();
            if (m_engine && !m_engine->isUsable())
                m_engine.reset();
            if (m_engine)
                m_voices = m_engine->voices();
        }
        if (!m_engine) {
            emit voiceChosen(false, 0, {});
            return;
        }
        setVolume(volume);
        const auto choice = chooseVoice(m_voices, language);
        if (!choice || !m_engine->useVoice(choice->index)) {
            emit voiceChosen(false, 0, {});
            return;
        }
        emit voiceChosen(true, static_cast<int>(choice->language), m_voices.at(choice->index).name);
    }

    void setVolume(double volume)
    {
        if (m_engine && volume >= 0)
            m_engine->setVolume(volume);
    }

    void say(const QString& text)
    {
        if (m_engine)
            m_engine->say(text);
    }

    // The engine is closed on the thread it was opened on.
    void close() { m_engine.reset(); }

signals:
    void voiceChosen(bool found, int language, const QString& voiceName);

private:
    SpeechEngineFactory m_factory;
    std::unique_ptr<SpeechEngine> m_engine;
    QList<VoiceInfo> m_voices;
    bool m_opened = false;
};

namespace {

// -1: keep the engine's volume.
double engineVolume(std::optional<int> percent)
{
    return percent ? *percent / 100.0 : -1.0;
}

} // namespace

Announcer::Announcer(SpeechEngineFactory factory, QObject* parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{}

Announcer::~Announcer()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] {
        worker->close();
        QThread::currentThread()->quit();
    });
    // The engine may still be opening (speech-dispatcher being started); give it time to finish so
    // that it is closed properly, but never hang the app's exit on it.
    if (!m_thread->wait(QDeadlineTimer(2000))) {
        qCWarning(lcFeedback) << "the speech engine did not close in time; leaving it to the process's end";
        m_thread->setParent(nullptr);
        return;
    }
    delete m_worker;
}

void Announcer::start(const QLocale& language, std::optional<int> volumePercent)
{
    if (!m_factory) {
        qCInfo(lcFeedback) << "no speech engine: payments are announced by sound only";
        setState(State::NoVoice);
        return;
    }
    if (!m_thread) {
        m_thread = new QThread(this);
        m_thread->setObjectName(QStringLiteral("counterpay-speech"));
        m_worker = new SpeechWorker(m_factory);
        m_worker->moveToThread(m_thread);
        connect(m_worker, &SpeechWorker::voiceChosen, this, &Announcer::onVoiceChosen);
        m_thread->start(QThread::LowPriority);
    }
    setState(State::Starting);
    const double volume = engineVolume(volumePercent);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, language, volume] { worker->choose(language, volume); });
}

void Announcer::setVolume(std::optional<int> volumePercent)
{
    if (!m_worker)
        return;
    const double volume = engineVolume(volumePercent);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, volume] { worker->setVolume(volume); });
}

bool Announcer::say(const QString& text)
{
    if (m_state != State::Ready)
        return false;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, text] { worker->say(text); });
    return true;
}

bool Announcer::announcePaid(Money amount)
{
    return say(paidAnnouncement(m_language, amount));
}

void Announcer::onVoiceChosen(bool found, int language, const QString& voiceName)
{
    if (!found) {
        qCInfo(lcFeedback) << "no Chinese or English voice: payments are announced by sound only";
        m_voiceName.clear();
        setState(State::NoVoice);
        return;
    }
    m_language = static_cast<SpokenLanguage>(language);
    m_voiceName = voiceName;
    qCInfo(lcFeedback) << "payments are announced with the voice" << voiceName;
    setState(State::Ready);
}

void Announcer::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace counterpay::ui::feedback

#include "Announcer.moc"
