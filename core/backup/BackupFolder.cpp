#include "backup/BackupFolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace counterpay::backup {

namespace {

const QString kTimeFormat = QStringLiteral("yyyyMMdd-HHmmss");
const QString kSuffix = QStringLiteral(".sqlite");

} // namespace

BackupFolder::BackupFolder(QString folder, const QString& bookPath)
    : m_folder(std::move(folder))
    , m_bookName(QFileInfo(bookPath).completeBaseName())
{}

QString BackupFolder::pathFor(const QDateTime& takenAt) const
{
    const QString stem = m_bookName + u'-' + takenAt.toUTC().toString(kTimeFormat) + u'Z';
    const QDir dir(m_folder);
    QString name = stem + kSuffix;
    for (int n = 2; QFileInfo::exists(dir.filePath(name)); ++n)
        name = stem + u'-' + QString::number(n) + kSuffix;
    return dir.filePath(name);
}

QString BackupFolder::partialPathFor(const QString& finalPath) const
{
    return QDir(m_folder).filePath(
        QStringLiteral(".%1.partial-%2").arg(QFileInfo(finalPath).fileName()).arg(QCoreApplication::applicationPid()));
}

QList<BackupFile> BackupFolder::list() const
{
    const QRegularExpression pattern(
        QStringLiteral("^%1-(\\d{8}-\\d{6})Z(?:-\\d+)?\\.sqlite$").arg(QRegularExpression::escape(m_bookName)));
    QList<BackupFile> files;
    const QFileInfoList entries = QDir(m_folder).entryInfoList(QDir::Files | QDir::NoDotAndDotDot);
    for (const QFileInfo& entry : entries) {
        const auto match = pattern.match(entry.fileName());
        if (!match.hasMatch())
            continue;
        // Read as UTC from the start: a local reading could fall into a daylight-saving gap.
        const QString stamp = match.captured(1);
        const QDateTime takenAt(QDate::fromString(stamp.left(8), QStringLiteral("yyyyMMdd")),
                                QTime::fromString(stamp.mid(9), QStringLiteral("HHmmss")), QTimeZone::utc());
        if (!takenAt.isValid())
            continue;
        files.append(BackupFile{entry.absoluteFilePath(), takenAt, entry.size()});
    }
    std::sort(files.begin(), files.end(), [](const BackupFile& a, const BackupFile& b) {
        return a.takenAt != b.takenAt ? a.takenAt > b.takenAt : a.path > b.path;
    });
    return files;
}

} // namespace counterpay::backup
