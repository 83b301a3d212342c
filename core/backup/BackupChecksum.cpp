#include "backup/BackupChecksum.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace counterpay::backup {

namespace {

constexpr qsizetype kHexLength = 64;
// A checksum file is one line; anything larger is not one.
constexpr qint64 kMaxChecksumFileBytes = 4096;

} // namespace

QString BackupChecksum::pathFor(const QString& copy)
{
    return copy + QStringLiteral(".sha256");
}

Result<QByteArray> BackupChecksum::sha256Hex(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::storage(tr("%1 cannot be read.").arg(path), file.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return Error::storage(tr("%1 cannot be read.").arg(path), file.errorString());
    return hash.result().toHex();
}

Result<void> BackupChecksum::write(const QString& copy)
{
    auto hex = sha256Hex(copy);
    if (!hex)
        return hex.error();
    QSaveFile file(pathFor(copy));
    if (!file.open(QIODevice::WriteOnly))
        return Error::storage(tr("%1 cannot be written.").arg(pathFor(copy)), file.errorString());
    file.write(*hex + "  " + QFile::encodeName(QFileInfo(copy).fileName()) + '\n');
    if (!file.commit())
        return Error::storage(tr("%1 cannot be written.").arg(pathFor(copy)), file.errorString());
    // Like the copy's: what is in the folder is the owner's business alone.
    QFile::setPermissions(pathFor(copy), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Result<BackupChecksum::Verdict> BackupChecksum::verify(const QString& copy)
{
    QFile file(pathFor(copy));
    if (!file.exists())
        return Verdict::Absent;
    if (!file.open(QIODevice::ReadOnly))
        return Error::storage(tr("%1 cannot be read.").arg(file.fileName()), file.errorString());
    const QByteArray text = file.read(kMaxChecksumFileBytes);
    const QByteArray expected = text.left(kHexLength).toLower();
    const auto hexDigit = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    if (text.size() <= kHexLength || text.at(kHexLength) != ' ' ||
        !std::all_of(expected.begin(), expected.end(), hexDigit))
        return Error::storage(tr("%1 is not a SHA-256 checksum file; remove it to restore with SQLite's integrity "
                                 "check alone.")
                                  .arg(file.fileName()));
    auto actual = sha256Hex(copy);
    if (!actual)
        return actual.error();
    return *actual == expected ? Verdict::Matches : Verdict::Differs;
}

} // namespace counterpay::backup
