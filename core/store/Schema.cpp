#include "store/Schema.h"

#include "store/SqlConnection.h"
#include "store/StoreLog.h"

#include <QCoreApplication>

#include <array>
#include <initializer_list>

namespace counterpay::store {

namespace {

// Plain SQL that PostgreSQL (QPSQL) also reads: BIGINT for money in fen and epoch milliseconds (UTC),
// INTEGER PRIMARY KEY for SQLite's row ids, '' rather than NULL for absent text.
// kSteps[n] brings the schema from version n to n + 1. Never edit a step once released: add one.
const std::array<std::initializer_list<const char*>, Schema::kVersion> kSteps{{
    // v1: orders, their events and out_trade_no numbering.
    {
        R"(CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            out_trade_no TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            pay_mode TEXT NOT NULL,
            total_fen BIGINT NOT NULL,
            subject TEXT NOT NULL,
            trade_no TEXT NOT NULL DEFAULT '',
            buyer_logon_id TEXT NOT NULL DEFAULT '',
            terminal_id TEXT NOT NULL,
            cashier_id TEXT NOT NULL DEFAULT '',
            qr_code TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            paid_at BIGINT))",
        R"(CREATE TABLE order_events (
            id INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES orders (id),
            happened_at BIGINT NOT NULL,
            from_state TEXT NOT NULL,
            to_state TEXT NOT NULL,
            source TEXT NOT NULL,
            code TEXT NOT NULL DEFAULT '',
            sub_code TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''))",
        "CREATE INDEX order_events_order ON order_events (order_id)",
        R"(CREATE TABLE out_trade_no_sequences (
            terminal_id TEXT NOT NULL,
            business_day TEXT NOT NULL,
            last_number BIGINT NOT NULL,
            PRIMARY KEY (terminal_id, business_day)))",
    },
    // v2: refunds, the app an order was charged for, a masked buyer id, the reason a manager reads for an
    // Unknown or Failed order, the QR expiry, and indexes for recovery and the history view.
    {
        "ALTER TABLE orders ADD COLUMN app_id TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE orders ADD COLUMN refunded_fen BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE orders ADD COLUMN buyer_user_id_masked TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE orders ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE orders ADD COLUMN expires_at BIGINT",
        "CREATE INDEX orders_state ON orders (state)",
        "CREATE INDEX orders_created ON orders (created_at)",
        "CREATE INDEX orders_terminal ON orders (terminal_id, created_at)",
        R"(CREATE TABLE refunds (
            id INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES orders (id),
            out_request_no TEXT NOT NULL UNIQUE,
            amount_fen BIGINT NOT NULL,
            state TEXT NOT NULL,
            authorised_by TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL,
            done_at BIGINT))",
        "CREATE INDEX refunds_order ON refunds (order_id)",
    },
    // v3: who drives an order right now (one lease per order, renewed by its holder's heartbeat), and the
    // notifications already handled, by Alipay's notify_id, so a resend is answered but not applied twice.
    {
        R"(CREATE TABLE order_leases (
            order_id INTEGER PRIMARY KEY REFERENCES orders (id),
            owner_id TEXT NOT NULL,
            owner_host TEXT NOT NULL,
            owner_pid BIGINT NOT NULL,
            heartbeat_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL))",
        "CREATE INDEX order_leases_owner ON order_leases (owner_id)",
        R"(CREATE TABLE notifications (
            notify_id TEXT PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES orders (id),
            trade_status TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            outcome TEXT NOT NULL))",
    },
    // v4: the people who work the counter (a salted scrypt hash of each PIN, never the PIN; wrong PINs
    // counted for the lockout), their shifts (login to handover, per terminal), the business days a
    // manager closed, and indexes for the history's lookups and the day's refunds.
    {
        R"(CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            pin_hash TEXT NOT NULL,
            failed_pins BIGINT NOT NULL DEFAULT 0,
            locked_until BIGINT,
            created_at BIGINT NOT NULL,
            removed_at BIGINT))",
        R"(CREATE TABLE shifts (
            id INTEGER PRIMARY KEY,
            person TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            started_at BIGINT NOT NULL,
            ended_at BIGINT))",
        "CREATE INDEX shifts_open ON shifts (terminal_id, ended_at)",
        R"(CREATE TABLE day_closes (
            business_day TEXT PRIMARY KEY,
            closed_at BIGINT NOT NULL,
            closed_by TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT ''))",
        "CREATE INDEX orders_trade_no ON orders (trade_no)",
        "CREATE INDEX orders_cashier ON orders (cashier_id, created_at)",
        "CREATE INDEX refunds_done ON refunds (done_at)",
    },
}};

} // namespace

Result<int> Schema::version(const SqlConnection& connection)
{
    auto rows = connection.select(QStringLiteral("PRAGMA user_version"));
    if (!rows)
        return rows.error();
    return rows->isEmpty() ? 0 : rows->first().value(0).toInt();
}

Result<int> Schema::inspect(const SqlConnection& connection)
{
    // One statement, one snapshot: another CounterPay may be creating the tables right now, and a
    // version read apart from the table list could pair "no version yet" with "tables present".
    auto rows = connection.select(QStringLiteral("SELECT (SELECT user_version FROM pragma_user_version), "
                                                 "(SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                                 "LIKE 'sqlite\\_%' ESCAPE '\\' LIMIT 1)"));
    if (!rows)
        return rows.error();
    const int found = rows->isEmpty() ? 0 : rows->first().value(0).toInt();
    const QString someTable = rows->isEmpty() ? QString() : rows->first().value(1).toString();
    if (found > kVersion)
        return Error::storage(tr("The order database %1 was written by a newer CounterPay (schema version %2; this "
                                 "version knows up to %3). Use the newer CounterPay or restore a backup; the file was "
                                 "left as it is.")
                                  .arg(connection.path())
                                  .arg(found)
                                  .arg(kVersion),
                              QStringLiteral("user_version %1").arg(found));
    if (found == 0 && !someTable.isEmpty())
        return Error::storage(tr("%1 holds another program's data, not CounterPay's orders. It was left as it is; "
                                 "choose another file for the order database.")
                                  .arg(connection.path()),
                              QStringLiteral("user_version 0 with table ") + someTable);
    return found;
}

Result<int> Schema::migrate(SqlConnection& connection)
{
    auto start = version(connection);
    if (!start)
        return start;
    for (int target = 1; target <= kVersion; ++target) {
        auto stepped = connection.writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<void> {
            // Read again under the write lock: another CounterPay may have migrated the file meanwhile.
            auto current = version(connection);
            if (!current)
                return current.error();
            if (*current >= target)
                return {};
            for (const char* sql : kSteps[std::size_t(target - 1)]) {
                if (auto done = connection.execOnce(QString::fromUtf8(sql)); !done)
                    return done;
            }
            return connection.execOnce(QStringLiteral("PRAGMA user_version = %1").arg(target));
        });
        if (!stepped)
            return Error::storage(tr("The order database %1 could not be brought to schema version %2 and was left at "
                                     "the version before: %3")
                                      .arg(connection.path())
                                      .arg(target)
                                      .arg(stepped.error().message()),
                                  stepped.error().detail());
    }
    if (*start < kVersion)
        qCInfo(lcStore).noquote() << "order database" << connection.path() << "migrated from schema version" << *start
                                  << "to" << kVersion;
    return start;
}

} // namespace counterpay::store
