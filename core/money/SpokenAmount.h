#pragma once

#include "money/Money.h"

#include <QString>

namespace counterpay {

// An amount as a voice should say it. Speech engines read digits badly (espeak-ng's Mandarin voice
// drops the point of "12.34" and reads "20000" as 二十千), so the announcement hands the voice the
// words themselves.
//
// Chinese follows the payment speaker boxes at Chinese counters (「支付宝到账十二点三四元」):
//  - the yuan as a number, then 点 and the fen digit by digit, trailing zeros dropped:
//    12.34 → 十二点三四, 10.50 → 十点五, 0.05 → 零点零五, 100.00 → 一百, 120000.08 → 十二万点零八;
//    never 角/分, which no speaker box says;
//  - 二, not 两, before 百/千/万/亿 (200 → 二百, 2000 → 二千): the boxes build the sentence from one
//    recorded clip per digit and unit and have no 两, so this is what cashiers and customers hear all
//    day;
//  - 十 alone at the start (10 → 十, 15 → 十五, 100000 → 十万) and 一十 after a higher unit or 零
//    (110 → 一百一十, 1010 → 一千零一十);
//  - one 零 for a run of missing digits, inside a group of four and across 万/亿
//    (1001 → 一千零一, 10010 → 一万零一十, 100000001 → 一亿零一), none at the end (1000 → 一千).
//
// The unit (元) is not part of the words: the sentence around them says it.
class SpokenAmount
{
public:
    // 十二点三四; 零 for zero; 负 before a negative amount.
    static QString chinese(Money amount);
    // What an English voice reads well: the digits with trailing zero decimals dropped, "12.34",
    // "10.5", "100"; "minus 5" for a negative amount.
    static QString english(Money amount);
};

} // namespace counterpay
