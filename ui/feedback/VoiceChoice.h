#pragma once

#include "money/Money.h"

#include <QList>
#include <QLocale>
#include <QString>

#include <optional>

namespace counterpay::ui::feedback {

// The languages the payment announcement exists in.
enum class SpokenLanguage
{
    Chinese, // Mandarin: 「支付宝到账十二点三四元」
    English, // "Alipay received 12.34 yuan"
};

// A voice as a speech engine lists it.
struct VoiceInfo
{
    QString name;
    QLocale locale;
};

struct VoiceChoice
{
    qsizetype index = -1; // into the list chooseVoice was given
    SpokenLanguage language = SpokenLanguage::Chinese;
};

// The language a voice speaks, as far as the announcement is concerned; none for a voice it cannot
// use (Cantonese, Japanese, ...).
//
// A Mandarin voice is found by its locale (zh_CN, zh_TW, zh_SG, zh) or, where the engine reports a
// locale Qt cannot parse, by its name: speech-dispatcher lists espeak-ng's Mandarin voices with the
// language "cmn", which Qt 6.4 turns into the C locale, so they show up only as
// "Chinese (Mandarin, latin as English)" and "Chinese (Mandarin, latin as Pinyin)". zh_HK and zh_MO
// voices, and anything named Cantonese, are left out: the sentence is Mandarin.
std::optional<SpokenLanguage> spokenLanguage(const VoiceInfo& voice);

// The voice to announce payments with, given the language the counter wants (the [feedback]
// voice_language). A voice of that language if there is one, else one of the other language (a
// counter with only an English voice still hears "Alipay received 12.34 yuan"), else none.
//
// Among voices of one language: the wanted locale exactly (zh_CN, en_US), then the language's other
// locales, then voices known only by name; espeak-ng's "latin as Pinyin" Mandarin voice before its
// "latin as English" one, which in espeak-ng 1.51 (Debian 12) reads the dictionary's pinyin of some
// characters as English words (付 as "fu four", 元 as "yuan two"); a base voice before its "+variant"
// timbres. Ties keep the engine's order.
std::optional<VoiceChoice> chooseVoice(const QList<VoiceInfo>& voices, const QLocale& wanted);

// What the voice says when money arrived: the amount handed over as words, since engines read
// digits badly (espeak-ng says "12.34" as 十二三四, without the point).
QString paidAnnouncement(SpokenLanguage language, Money amount);

} // namespace counterpay::ui::feedback
