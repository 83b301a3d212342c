// `backup` and `restore`: copies of the order book (issue 10), with no keys and no network.
#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"

#include "backup/BookBackup.h"
#include "backup/BookRestore.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "store/OrderStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>

namespace counterpay::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("BackupCommands", text);
}

struct BookPlace
{
    QString bookPath;
    config::BackupSettings settings;
};

// The book and [backup] of --config, read without the gateway's keys; without --config the platform's
// book and the default settings.
Result<BookPlace> bookPlace(const Invocation& invocation)
{
    BookPlace place;
    if (!invocation.configPath.isEmpty()) {
        auto settings = config::CounterSettings::load(invocation.configPath, config::GatewayConfig{});
        if (!settings)
            return settings.error();
        place.bookPath = settings->databasePath;
        place.settings = settings->backup;
    }
    if (place.bookPath.isEmpty())
        place.bookPath = store::OrderStore::defaultPath();
    return place;
}

int listCopies(const backup::BookBackup& backup, const QString& format)
{
    const QList<backup::BackupFile> copies = backup.folder().list();
    if (format == u"json") {
        QJsonArray rows;
        for (const backup::BackupFile& copy : copies)
            rows.append(QJsonObject{{QStringLiteral("path"), copy.path},
                                    {QStringLiteral("taken_at"), copy.takenAt.toString(Qt::ISODate)},
                                    {QStringLiteral("size"), copy.size}});
        Console::printJson(QJsonDocument(rows));
        return Ok;
    }
    for (const backup::BackupFile& copy : copies)
        Console::printLine(QStringLiteral("%1  %2  %3")
                               .arg(copy.takenAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                               .arg(copy.size, 12)
                               .arg(copy.path)
                               .toUtf8());
    if (copies.isEmpty())
        Console::message(tr("no backups of %1 in %2").arg(backup.bookPath(), backup.folder().path()));
    return Ok;
}

} // namespace

int backupBook(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("backup"), invocation.arguments);
    line.option(QStringLiteral("to"), QStringLiteral("DIR"),
                tr("write the copy into DIR (default: the configured [backup] folder, which is then pruned as "
                   "the app prunes it)"));
    line.flag(QStringLiteral("list"), tr("list the copies in the folder instead, newest first"));
    line.option(QStringLiteral("format"), QStringLiteral("text|json"), tr("--list's output format (default text)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    const auto chosen = line.choice(QStringLiteral("format"), {QStringLiteral("text"), QStringLiteral("json")});
    if (!chosen)
        return report(chosen.error());
    const QString& format = *chosen;
    auto place = bookPlace(invocation);
    if (!place)
        return report(place.error());
    const bool elsewhere = line.isSet(QStringLiteral("to"));
    const QString folder =
        elsewhere ? QDir(line.value(QStringLiteral("to"))).absolutePath() : place->settings.folderFor(place->bookPath);
    backup::BookBackup backup(place->bookPath, folder);
    if (line.isSet(QStringLiteral("list")))
        return listCopies(backup, format);

    if (!elsewhere && place->settings.besideBook())
        Console::message(tr("note: the copy goes beside the order book, on the same disk; set [backup] folder= to a "
                            "second disk or a network share"));
    auto copy = backup.makeCopy();
    if (!copy)
        return report(copy.error());
    Console::printLine(copy->path.toUtf8());
    if (!elsewhere) {
        const config::BackupSettings& keep = place->settings;
        auto pruned = backup.prune({keep.keepHourly, keep.keepDaily, keep.keepWeekly, QTimeZone::systemTimeZone()});
        if (!pruned)
            return report(pruned.error());
        for (const backup::BackupFile& old : *pruned)
            Console::message(tr("removed the old backup %1").arg(old.path));
    }
    return Ok;
}

int restoreBook(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("restore"), invocation.arguments);
    line.option(QStringLiteral("from"), QStringLiteral("FILE"), tr("the backup to bring back"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto from = line.required(QStringLiteral("from"));
    if (!from)
        return report(from.error());
    auto place = bookPlace(invocation);
    if (!place)
        return report(place.error());
    backup::BookRestore restore(place->bookPath);
    auto restored = restore.restoreFrom(QDir::current().absoluteFilePath(*from));
    if (!restored)
        return report(restored.error());
    if (restored->keptAside.isEmpty()) {
        Console::message(tr("restored %1 from %2 (there was no order book before)").arg(place->bookPath, *from));
    } else {
        Console::printLine(restored->keptAside.toUtf8());
        Console::message(tr("restored %1 from %2; the order book as it was is kept as %3")
                             .arg(place->bookPath, *from, restored->keptAside));
    }
    return Ok;
}

} // namespace counterpay::cli
