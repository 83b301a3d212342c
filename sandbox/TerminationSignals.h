#pragma once

#include <QObject>

class QSocketNotifier;

namespace counterpay::sandbox {

// SIGTERM and SIGINT turned into a Qt signal. The handler only writes one byte to a socket pair (the
// self-pipe trick); everything else happens in the event loop, where it is safe.
class TerminationSignals : public QObject
{
    Q_OBJECT

public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override;

    bool isInstalled() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier* m_notifier = nullptr;
};

} // namespace counterpay::sandbox
