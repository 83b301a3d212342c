#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringView>

namespace counterpay::alipay {

// Alipay's rules for the fields a person or a script supplies. Checked before anything is written or
// sent, so a bad value is a clear Input error instead of a gateway refusal after the fact.
//
// Each rule lives here once; the checks, the order book and the sandbox all ask these functions.
class TradeFields
{
    Q_DECLARE_TR_FUNCTIONS(TradeFields)

public:
    static constexpr qsizetype kMaxMerchantNumberLength = 64;
    static constexpr qsizetype kMaxSubjectLength = 256;   // characters, as Alipay counts them
    static constexpr qsizetype kMaxTerminalIdLength = 32; // Alipay's terminal_id; leaves room in out_trade_no

    // out_trade_no / out_request_no: 1..64 of [A-Za-z0-9_-].
    static bool isMerchantNumber(QStringView text);
    // The customer's payment code: 16..24 digits starting 25..30.
    static bool isAuthCode(QStringView text);
    // terminal_id as this product numbers orders with it: 1..32 of [A-Za-z0-9_] (no '-', which
    // separates it from the day and sequence in <terminal>-<yyyyMMdd>-<NNNNNN>).
    static bool isTerminalId(QStringView text);
    // Characters as Alipay counts them: code points, so an emoji is one, not two UTF-16 units.
    static qsizetype characterCount(QStringView text);
    // A control character (Unicode category Cc: NUL, tab, line feed, ...).
    static bool hasControlCharacter(QStringView text);

    // A payment code as it may be shown or logged (DESIGN.md §7): 286123456789012345 -> 28****2345. A
    // text too short to hide four characters shows nothing: ****.
    static QString maskAuthCode(QStringView code);
    // `text` with every payment code in it masked: each run of digits that is a payment code. The
    // gateway echoes the string it verified (biz_content, auth_code and all) when it refuses a
    // signature; that text reaches errors, logs and the CLI only through here.
    static QString maskAuthCodes(QStringView text);

    // The same rules as Input errors that say what is wrong.
    static Result<void> checkOutTradeNo(QStringView text);
    static Result<void> checkOutRequestNo(QStringView text);
    static Result<void> checkAuthCode(QStringView text);
    static Result<void> checkTerminalId(QStringView text);
    // Order title: 1..256 characters, no control characters, none of Alipay's reserved / = &.
    static Result<void> checkSubject(QStringView text);
    // bill_date: yyyy-MM-dd (daily) or yyyy-MM (monthly), a real date.
    static Result<void> checkBillDate(QStringView text);
};

} // namespace counterpay::alipay
