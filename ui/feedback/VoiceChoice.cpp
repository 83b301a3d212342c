#include "feedback/VoiceChoice.h"

#include "money/SpokenAmount.h"

namespace counterpay::ui::feedback {

namespace {

bool nameSays(const VoiceInfo& voice, QStringView word)
{
    return voice.name.contains(word, Qt::CaseInsensitive);
}

// An espeak-ng style code as the whole name or its start: "cmn", "cmn-latn-pinyin", "yue+f1". Not a
// substring: a Mandarin voice may well be called Xiaoyue.
bool nameIsCode(const VoiceInfo& voice, QStringView code)
{
    if (!voice.name.startsWith(code, Qt::CaseInsensitive))
        return false;
    if (voice.name.size() == code.size())
        return true;
    const QChar next = voice.name.at(code.size());
    return next == u'-' || next == u'+' || next == u'_';
}

bool knownOnlyByName(const VoiceInfo& voice)
{
    return voice.locale.language() == QLocale::C || voice.locale.language() == QLocale::AnyLanguage;
}

// Higher is better; only compared between voices of the same language.
int suitability(const VoiceInfo& voice, SpokenLanguage language, const QLocale& wanted)
{
    int score = 0;
    if (knownOnlyByName(voice))
        score = 4;
    else if (voice.locale.language() == wanted.language() && voice.locale.territory() == wanted.territory())
        score = 8;
    else
        score = 6;
    if (language == SpokenLanguage::Chinese && nameSays(voice, u"pinyin"))
        score += 2;
    if (voice.name.contains(u'+'))
        score -= 1;
    return score;
}

} // namespace

std::optional<SpokenLanguage> spokenLanguage(const VoiceInfo& voice)
{
    if (nameSays(voice, u"cantonese") || nameIsCode(voice, u"yue"))
        return std::nullopt;
    switch (voice.locale.language()) {
    case QLocale::Chinese: {
        const QLocale::Territory territory = voice.locale.territory();
        if (territory == QLocale::HongKong || territory == QLocale::Macao)
            return std::nullopt;
        return SpokenLanguage::Chinese;
    }
    case QLocale::English:
        return SpokenLanguage::English;
    case QLocale::C:
    case QLocale::AnyLanguage:
        if (nameSays(voice, u"mandarin") || nameIsCode(voice, u"cmn"))
            return SpokenLanguage::Chinese;
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

std::optional<VoiceChoice> chooseVoice(const QList<VoiceInfo>& voices, const QLocale& wanted)
{
    const SpokenLanguage first =
        wanted.language() == QLocale::English ? SpokenLanguage::English : SpokenLanguage::Chinese;
    const SpokenLanguage second = first == SpokenLanguage::Chinese ? SpokenLanguage::English : SpokenLanguage::Chinese;
    for (const SpokenLanguage language : {first, second}) {
        // Falling back to the other language, aim at its usual locale: en_US, zh_CN.
        const QLocale target = language == first                     ? wanted
                               : language == SpokenLanguage::English ? QLocale(QLocale::English, QLocale::UnitedStates)
                                                                     : QLocale(QLocale::Chinese, QLocale::China);
        std::optional<VoiceChoice> best;
        int bestScore = 0;
        for (qsizetype i = 0; i < voices.size(); ++i) {
            if (spokenLanguage(voices[i]) != language)
                continue;
            const int score = suitability(voices[i], language, target);
            if (!best || score > bestScore) {
                best = VoiceChoice{i, language};
                bestScore = score;
            }
        }
        if (best)
            return best;
    }
    return std::nullopt;
}

QString paidAnnouncement(SpokenLanguage language, Money amount)
{
    switch (language) {
    case SpokenLanguage::Chinese:
        return QStringLiteral("支付宝到账") + SpokenAmount::chinese(amount) + u'元';
    case SpokenLanguage::English:
        return QStringLiteral("Alipay received ") + SpokenAmount::english(amount) + QStringLiteral(" yuan");
    }
    return {};
}

} // namespace counterpay::ui::feedback
