#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace counterpay::backup {

// One good copy of the order book.
struct BackupFile
{
    QString path;
    QDateTime takenAt; // UTC, from the file's name
    qint64 size = 0;   // bytes
};

// The copies of one order book in a folder. A copy is named after the book and the UTC time it was
// taken (orders-20261130-043000Z.sqlite for orders.sqlite), so the folder sorts by time, several books
// may share it, and anything else in it (files being written, other people's files) is never listed
// nor pruned.
class BackupFolder
{
public:
    BackupFolder(QString folder, const QString& bookPath);

    const QString& path() const { return m_folder; }
    // Where a copy taken at `takenAt` goes: the first of name, name-2, name-3... not taken yet.
    QString pathFor(const QDateTime& takenAt) const;
    // Where a copy is written before it is checked: a hidden name the listing ignores.
    QString partialPathFor(const QString& finalPath) const;
    // The copies there, newest first.
    QList<BackupFile> list() const;

private:
    QString m_folder;
    QString m_bookName; // the book's file name without its suffix
};

} // namespace counterpay::backup
