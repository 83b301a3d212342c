#!/bin/sh
# Writes orders-v1.sqlite: an order book as CounterPay's schema version 1 left it (no refunds table,
# no app_id, refunded amount, masked buyer user id, reason or expiry on orders), with a few orders in
# several states, their events and out_trade_no counters. TestOrderStoreFiles migrates a copy of it.
# The DDL below is a frozen copy of step 1 in core/store/Schema.cpp. Times are epoch milliseconds, UTC.
# Usage: tests/data/store/make-v1-fixture.sh  (needs the sqlite3 command line)
set -eu
cd "$(dirname "$0")"
out=orders-v1.sqlite
rm -f "$out"
sqlite3 "$out" <<'SQL'
CREATE TABLE orders (
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
    paid_at BIGINT);
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    happened_at BIGINT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    source TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    sub_code TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '');
CREATE INDEX order_events_order ON order_events (order_id);
CREATE TABLE out_trade_no_sequences (
    terminal_id TEXT NOT NULL,
    business_day TEXT NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (terminal_id, business_day));

-- 2026-11-25 02:00:00 UTC: a QR order, paid.
INSERT INTO orders VALUES (1, 'T01-20261125-000001', 'paid', 'qr', 1234, '咖啡 Coffee',
    '2026112522001404561234567890', '159****5620', 'T01', 'alice',
    'https://qr.alipay.com/bax01234567890', 1795572000000, 1795572007000, 1795572007000);
INSERT INTO order_events VALUES (1, 1, 1795572000000, 'created', 'created', 'cashier', '', '', 'created');
INSERT INTO order_events VALUES (2, 1, 1795572001000, 'created', 'awaiting_scan', 'cashier', '10000', '', '');
INSERT INTO order_events VALUES (3, 1, 1795572007000, 'awaiting_scan', 'paid', 'query', '10000', '', '');

-- 03:10: a barcode order the customer never confirmed, closed by a cancel.
INSERT INTO orders VALUES (2, 'T01-20261125-000002', 'closed', 'barcode', 500, 'Tea', '', '', 'T01', 'alice', '',
    1795576200000, 1795576320000, NULL);
INSERT INTO order_events VALUES (4, 2, 1795576200000, 'created', 'created', 'cashier', '', '', 'created');
INSERT INTO order_events VALUES (5, 2, 1795576201000, 'created', 'awaiting_payment', 'cashier', '10003', '', '');
INSERT INTO order_events VALUES (6, 2, 1795576320000, 'awaiting_payment', 'closed', 'cancel', '10000', '', 'action=close');

-- 05:30: a QR order still waiting when the program stopped.
INSERT INTO orders VALUES (3, 'T01-20261125-000003', 'awaiting_payment', 'qr', 8888, 'Cake', '', '', 'T01', 'bob',
    'https://qr.alipay.com/bax09876543210', 1795584600000, 1795584602000, NULL);
INSERT INTO order_events VALUES (7, 3, 1795584600000, 'created', 'created', 'cashier', '', '', 'created');
INSERT INTO order_events VALUES (8, 3, 1795584602000, 'created', 'awaiting_payment', 'cashier', '10000', '', '');

-- 06:00: a barcode order whose answer was lost.
INSERT INTO orders VALUES (4, 'T02-20261125-000001', 'unknown', 'barcode', 100, 'Water', '', '', 'T02', 'carol', '',
    1795586400000, 1795586490000, NULL);
INSERT INTO order_events VALUES (9, 4, 1795586400000, 'created', 'created', 'cashier', '', '', 'created');
INSERT INTO order_events VALUES (10, 4, 1795586490000, 'created', 'unknown', 'cashier', '20000', 'ACQ.SYSTEM_ERROR', '');

INSERT INTO out_trade_no_sequences VALUES ('T01', '20261125', 3);
INSERT INTO out_trade_no_sequences VALUES ('T02', '20261125', 1);

PRAGMA user_version = 1;
SQL
sqlite3 "$out" 'PRAGMA integrity_check; PRAGMA user_version;'
