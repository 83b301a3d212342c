#pragma once

#include "common/Result.h"
#include "money/Money.h"

#include <QString>

namespace counterpay::ui {

// The amount as the cashier keys it in: digits, one '.', at most two decimals, at most Alipay's
// 100,000,000.00. Keys that would make it invalid are refused (the display does not change), so what
// is shown is always an amount that can be charged or is on its way to one.
class AmountEntry
{
public:
    // Each returns whether the key changed the amount.
    bool digit(int value); // 0..9
    bool point();
    bool backspace();
    void clear() { m_text.clear(); }
    // Replaces the amount with `text` when it is one the keys could have produced (from a paste).
    bool set(const QString& text);

    const QString& text() const { return m_text; }
    bool isEmpty() const { return m_text.isEmpty(); }
    // What the display shows: "12.3" as typed, "0.00" when empty.
    QString display() const;
    // The amount to charge: an Input error when it is empty or zero.
    Result<Money> amount() const;

private:
    bool accept(const QString& candidate);

    QString m_text;
};

} // namespace counterpay::ui
