#include "setup/NewFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace counterpay::setup {

NewFiles::~NewFiles()
{
    if (m_kept)
        return;
    for (auto it = m_paths.crbegin(); it != m_paths.crend(); ++it)
        QFile::remove(*it);
    if (!m_madeFolder.isEmpty())
        QDir().rmdir(m_madeFolder); // only when empty: nothing of anyone else's goes
}

Result<void> NewFiles::makeFolder(const QString& folder)
{
    const QString absolute = QFileInfo(folder).absoluteFilePath();
    if (QFileInfo(absolute).isDir())
        return {};
    if (!QDir().mkpath(absolute))
        return Error::storage(tr("cannot create the folder %1").arg(absolute));
    m_madeFolder = absolute;
    return {};
}

Result<void> NewFiles::write(const QString& path, const QByteArray& contents, QFileDevice::Permissions permissions)
{
    if (QFileInfo::exists(path))
        return Error::input(tr("%1 exists already; the setup never overwrites a file").arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::storage(tr("cannot write %1").arg(path), file.errorString());
    // Restricted before a secret is written, not after.
    if (!file.setPermissions(permissions))
        return Error::storage(tr("cannot set the permissions of %1").arg(path), file.errorString());
    if (file.write(contents) != contents.size() || !file.commit())
        return Error::storage(tr("cannot write %1").arg(path), file.errorString());
    m_paths.append(path);
    return {};
}

void NewFiles::track(const QString& path)
{
    m_paths.append(path);
}

} // namespace counterpay::setup
