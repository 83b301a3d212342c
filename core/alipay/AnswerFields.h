#pragma once

#include "alipay/ResponseVerifier.h"
#include "common/Result.h"
#include "money/Money.h"

#include <QJsonObject>
#include <QString>

namespace counterpay::alipay {

// Reading the fields of a verified answer. An answer about another order, or with an amount that is
// not an amount, is refused: it never reaches the order book.
class AnswerFields
{
public:
    explicit AnswerFields(const VerifiedResponse& response)
        : m_node(response.node)
    {}

    QString text(const char* name) const;
    // A missing or malformed amount is an error.
    Result<Money> amount(const char* name) const;
    // An absent amount is allowed (some answers omit it); a present, malformed one is an error.
    Result<Money> optionalAmount(const char* name) const;
    // The answer must name the order we asked about (matching out_trade_no, present).
    Result<void> expectOutTradeNo(const QString& expected) const;

private:
    QJsonObject m_node;
};

} // namespace counterpay::alipay
