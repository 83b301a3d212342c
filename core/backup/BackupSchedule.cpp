#include "backup/BackupSchedule.h"

#include <QTimeZone>

namespace counterpay::backup {

BackupSchedule::BackupSchedule(const QString& bookPath, const config::BackupSettings& settings, Scheduler& scheduler,
                               const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_backup(bookPath, settings.folderFor(bookPath), clock)
    , m_settings(settings)
    , m_scheduler(scheduler)
    , m_clock(clock)
{}

BackupSchedule::~BackupSchedule()
{
    if (m_next)
        m_scheduler.cancel(m_next);
    if (m_worker)
        m_worker->wait();
}

void BackupSchedule::start()
{
    planFromFolder();
    refresh();
}

void BackupSchedule::reconfigure(const QString& bookPath, const config::BackupSettings& settings)
{
    m_settings = settings;
    m_backup = BookBackup(bookPath, settings.folderFor(bookPath), m_clock);
    m_failure.clear();
    planFromFolder();
}

void BackupSchedule::planFromFolder()
{
    const QList<BackupFile> copies = m_backup.folder().list();
    m_lastGood = copies.isEmpty() ? QDateTime() : copies.first().takenAt;
    decide();
    if (m_next) {
        m_scheduler.cancel(m_next);
        m_next = 0;
    }
    if (m_settings.everyMinutes == 0)
        return;
    const qint64 everyMs = qint64{m_settings.everyMinutes} * 60'000;
    const qint64 age = m_lastGood.isValid() ? m_lastGood.msecsTo(m_clock.now()) : everyMs;
    planNext(age >= everyMs ? kStartDelayMs : everyMs - age);
}

void BackupSchedule::planNext(qint64 delayMs, qint64 waitedMs)
{
    if (m_next)
        m_scheduler.cancel(m_next);
    m_next = m_scheduler.schedule(delayMs, this, [this, waitedMs] {
        m_next = 0;
        due(waitedMs);
    });
}

void BackupSchedule::due(qint64 waitedMs)
{
    if (m_paymentLive && m_paymentLive() && waitedMs < kPaymentWaitMaxMs)
        return planNext(kPaymentWaitStepMs, waitedMs + kPaymentWaitStepMs);
    // One is under way (started by hand, or into a folder the settings just replaced): this one follows.
    if (!backUpNow())
        return planNext(kPaymentWaitStepMs, waitedMs);
    if (m_settings.everyMinutes > 0)
        planNext(qint64{m_settings.everyMinutes} * 60'000);
}

bool BackupSchedule::backUpNow()
{
    if (m_worker)
        return false;
    auto outcome = std::make_shared<Outcome>();
    outcome->folder = m_backup.folder().path();
    m_outcome = outcome;
    // The worker reads only its own copies of the book's and folder's paths, and the clock.
    BookBackup backup = m_backup;
    const RetentionPolicy policy{m_settings.keepHourly, m_settings.keepDaily, m_settings.keepWeekly,
                                 QTimeZone::systemTimeZone()};
    m_worker.reset(QThread::create([backup, policy, outcome]() mutable {
        outcome->copy = backup.makeCopy();
        if (outcome->copy) {
            if (auto pruned = backup.prune(policy); !pruned)
                outcome->pruneFailure = pruned.error().message();
        }
    }));
    connect(m_worker.get(), &QThread::finished, this, &BackupSchedule::finished);
    m_worker->start(QThread::LowPriority);
    return true;
}

void BackupSchedule::finished()
{
    m_worker.reset();
    const std::shared_ptr<Outcome> outcome = std::move(m_outcome);
    const bool ok = outcome->copy.ok();
    if (outcome->folder != m_backup.folder().path()) {
        emit copyFinished(ok); // into the folder the settings replaced: says nothing of the new one
        return;
    }
    if (ok) {
        m_lastGood = outcome->copy->takenAt;
        m_failure = outcome->pruneFailure;
    } else {
        m_failure = outcome->copy.error().message();
    }
    decide();
    emit copyFinished(ok);
}

void BackupSchedule::refresh()
{
    m_scheduler.schedule(kRefreshMs, this, [this] {
        // Copies made meanwhile by another program (counterpay-cli backup from cron) count as well.
        const QList<BackupFile> copies = m_backup.folder().list();
        if (!copies.isEmpty() && (!m_lastGood.isValid() || copies.first().takenAt > m_lastGood))
            m_lastGood = copies.first().takenAt;
        decide();
        refresh();
    });
}

void BackupSchedule::decide()
{
    m_status = BackupStatus::decide(m_lastGood, m_failure, m_clock.now(), m_settings.besideBook());
    emit statusChanged(m_status);
}

} // namespace counterpay::backup
