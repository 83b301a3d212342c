#pragma once

#include "backup/BackupStatus.h"
#include "backup/BookBackup.h"
#include "common/Clock.h"
#include "common/Scheduler.h"
#include "config/BackupSettings.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace counterpay::backup {

// The app's backups while it runs (issue 10): a copy at start when the newest is older than
// every_min, then one every every_min; after each good copy the folder is pruned (grandfather-father-
// son). Copies run on a thread of their own, so the till never waits for the disk. The status says
// what the counter should know and is re-decided at least hourly, so an old copy turns into a warning
// even while nothing runs.
class BackupSchedule : public QObject
{
    Q_OBJECT

public:
    // How long a due copy waits for a payment under way, in steps, before it runs anyway (the backup
    // is online: it is safe, only slower for the payment's writes).
    static constexpr qint64 kPaymentWaitStepMs = 15'000;
    static constexpr qint64 kPaymentWaitMaxMs = qint64{5} * 60'000;
    // A copy due at start waits this long, so the window is up first.
    static constexpr qint64 kStartDelayMs = 5'000;
    static constexpr qint64 kRefreshMs = 3600'000;

    BackupSchedule(const QString& bookPath, const config::BackupSettings& settings,
                   Scheduler& scheduler = QtScheduler::instance(), const Clock& clock = Clock::system(),
                   QObject* parent = nullptr);
    // Waits for a copy under way: stopping it half-way would only leave a partial file behind.
    ~BackupSchedule() override;

    // While `live` answers true (a payment at its critical moment), a due copy waits a little.
    void setPaymentCheck(std::function<bool()> live) { m_paymentLive = std::move(live); }
    // Decides the status from the folder and plans the first copy.
    void start();
    // Settings saved while the app runs: the book, folder, retention and interval hold from now on. The new
    // folder's newest copy decides the status and when the next copy is due, as at start. A copy under
    // way finishes into the old folder and is not counted for the new one; a copy due meanwhile follows it.
    void reconfigure(const QString& bookPath, const config::BackupSettings& settings);
    // Starts a copy now unless one is under way; false when one is.
    bool backUpNow();
    bool isCopying() const { return m_worker != nullptr; }

    const BackupStatus& status() const { return m_status; }
    const BookBackup& backup() const { return m_backup; }

signals:
    void statusChanged(const counterpay::backup::BackupStatus& status);
    // After each attempt, good or not.
    void copyFinished(bool ok);

private:
    struct Outcome
    {
        Result<BackupFile> copy = Error::unknown(QString());
        QString pruneFailure;
        QString folder; // where it was made
    };

    // Reads the folder's newest copy, decides the status and plans the next copy from it.
    void planFromFolder();
    // The next copy is due in delayMs, having waited waitedMs for a payment so far.
    void planNext(qint64 delayMs, qint64 waitedMs = 0);
    void due(qint64 waitedMs);
    void finished();
    void refresh();
    void decide();

    BookBackup m_backup;
    config::BackupSettings m_settings;
    Scheduler& m_scheduler;
    const Clock& m_clock;
    std::function<bool()> m_paymentLive;
    Scheduler::Handle m_next = 0;
    std::unique_ptr<QThread> m_worker;
    std::shared_ptr<Outcome> m_outcome;
    QDateTime m_lastGood;
    QString m_failure;
    BackupStatus m_status;
};

} // namespace counterpay::backup
