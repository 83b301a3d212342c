#pragma once

#include "money/Money.h"
#include "reconcile/Mismatch.h"

#include <QCoreApplication>
#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace counterpay::reconcile {

// One side's count of the day: payments by their order amount, refunds by what went back.
struct ReconcileTotals
{
    int payments = 0;
    Money paid;
    int refunds = 0;
    Money refunded;

    // paid - refunded
    Money net() const { return Money::fromFen(paid.fen() - refunded.fen()); }
    bool operator==(const ReconcileTotals&) const = default;
};

// What reconciling one business day of one app found.
struct ReconcileReport
{
    Q_DECLARE_TR_FUNCTIONS(ReconcileReport)

public:
    QDate day;
    QString appId;
    bool billFound = false; // false: Alipay has no bill for the day (no business, or not ready yet)
    QString noBillReason;   // Alipay's sub_code then
    QString billFile;       // the detail file's name
    ReconcileTotals alipay; // the bill's rows (this app's bill, every terminal)
    ReconcileTotals book;   // the book's payments and refunds of the day, of this app
    QList<Mismatch> mismatches;

    bool agrees() const { return mismatches.isEmpty(); }
    // One line for a person (translated): the day, both sides' totals, and whether they agree.
    QString summary() const;
    // Alipay's field names where there are some; amounts as "12.34" strings.
    QJsonObject toJson() const;
};

} // namespace counterpay::reconcile
