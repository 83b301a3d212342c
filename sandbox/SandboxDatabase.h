#pragma once

#include "common/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <functional>

class QSqlQuery;

namespace counterpay::sandbox {

// The sandbox's own SQLite file (DIR/sandbox/sandbox.db): trades, refunds, notifications. One named
// connection, WAL, schema by PRAGMA user_version, so what the sandbox knows survives a restart.
class SandboxDatabase
{
public:
    static constexpr int kSchemaVersion = 2;

    ~SandboxDatabase();
    SandboxDatabase(const SandboxDatabase&) = delete;
    SandboxDatabase& operator=(const SandboxDatabase&) = delete;

    static Result<std::unique_ptr<SandboxDatabase>> open(const QString& path);

    QSqlDatabase connection() const;

    // Runs `work` in one transaction; rolls back when it fails.
    Result<void> transaction(const std::function<Result<void>()>& work);

    // Prepares and runs a statement, binding `values` in order; a failure is a Storage error.
    static Result<void> exec(QSqlQuery& query, const QString& sql, const QVariantList& values = {});

private:
    explicit SandboxDatabase(QString connectionName);
    Result<void> migrate();

    QString m_connectionName;
};

} // namespace counterpay::sandbox
