#pragma once

#include "common/Result.h"

#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace counterpay {

// An amount of money in fen (分, 1/100 yuan). Never a floating-point number: text such as "12.34" is
// parsed and formatted exactly (DESIGN.md §2).
class Money
{
public:
    // Alipay's limit for one trade or refund: 100,000,000.00 yuan.
    static constexpr qint64 kMaxChargeFen = 10'000'000'000LL;

    enum class Kind
    {
        Charge,      // an amount to charge or refund: 0.01 .. 100,000,000.00
        NonNegative, // an amount a gateway reports or a total: zero allowed
        Signed,      // a bill row: refunds are negative
    };

    constexpr Money() = default;
    static constexpr Money fromFen(qint64 fen) { return Money(fen); }

    constexpr qint64 fen() const { return m_fen; }
    constexpr bool isZero() const { return m_fen == 0; }
    constexpr bool isNegative() const { return m_fen < 0; }

    // Accepts yuan with at most two decimals: "12", "12.3", "12.34", "0.01" (Kind::Signed also "-5.00").
    // Rejects signs, exponents, separators, spaces, non-ASCII digits and more than two decimals.
    static Result<Money> parse(QStringView text, Kind kind = Kind::Charge);

    // Always two decimals: "12.30", "-5.00".
    QString toString() const;

    std::optional<Money> checkedAdd(Money other) const;
    std::optional<Money> checkedSub(Money other) const;

    constexpr auto operator<=>(const Money&) const = default;

private:
    constexpr explicit Money(qint64 fen)
        : m_fen(fen)
    {}

    qint64 m_fen = 0;
};

} // namespace counterpay
