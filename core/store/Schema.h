#pragma once

#include "common/Result.h"

#include <QCoreApplication>

namespace counterpay::store {

class SqlConnection;

// The order book's tables, versioned by PRAGMA user_version and brought forward one step at a time
// (v1 -> v2 -> ...). Each step is one transaction that also writes the new version, so a crash or a
// failing step leaves the file at the version before it.
class Schema
{
    Q_DECLARE_TR_FUNCTIONS(Schema)

public:
    static constexpr int kVersion = 4;

    // Refuses, before anything is written, a file from a newer CounterPay and an SQLite file that
    // holds someone else's tables.
    static Result<int> inspect(const SqlConnection& connection);
    static Result<int> version(const SqlConnection& connection);
    // Brings the schema to kVersion; returns the version it started from.
    static Result<int> migrate(SqlConnection& connection);
};

} // namespace counterpay::store
