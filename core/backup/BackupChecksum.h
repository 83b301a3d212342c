#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace counterpay::backup {

// The SHA-256 of a backup copy, kept beside it as "<copy>.sha256" in sha256sum's format ("<hex>  <name>"),
// so `sha256sum -c` checks a copy too. SQLite's integrity check walks the b-trees but cannot see a changed
// byte inside a row (an amount, an order number); the checksum does, so a copy that rotted on a second
// disk or a share is refused before it replaces the book.
class BackupChecksum
{
    Q_DECLARE_TR_FUNCTIONS(BackupChecksum)

public:
    enum class Verdict
    {
        Matches,
        Differs,
        Absent, // a copy made before checksums were written, or one copied elsewhere by hand
    };

    static QString pathFor(const QString& copy);
    // Hashes `copy` and writes its checksum file (atomically, owner-only).
    static Result<void> write(const QString& copy);
    // Compares `copy` with its checksum file. A checksum file that cannot be read or parsed is an error.
    static Result<Verdict> verify(const QString& copy);

private:
    static Result<QByteArray> sha256Hex(const QString& path);
};

} // namespace counterpay::backup
