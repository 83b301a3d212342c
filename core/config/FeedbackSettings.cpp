#include "config/FeedbackSettings.h"

#include "common/IniFile.h"

#include <QCoreApplication>

namespace counterpay::config {

namespace {

const QString kSection = QStringLiteral("feedback");

Error settingError(const QString& path, const QString& key, const QString& message)
{
    return Error::config(message).withContext(QStringLiteral("%1 [%2] %3").arg(path, kSection, key));
}

Result<bool> flag(const IniFile& ini, const QString& path, const QString& key, bool fallback)
{
    const QString text = ini.value(kSection, key);
    if (text.isEmpty())
        return fallback;
    if (text != u"true" && text != u"false")
        return settingError(path, key, FeedbackSettings::tr("must be true or false"));
    return text == u"true";
}

} // namespace

Result<FeedbackSettings> FeedbackSettings::load(const IniFile& ini, const QString& path)
{
    FeedbackSettings settings;
    auto sounds = flag(ini, path, QStringLiteral("sounds"), settings.sounds);
    if (!sounds)
        return sounds.error();
    settings.sounds = *sounds;
    auto voice = flag(ini, path, QStringLiteral("voice"), settings.voice);
    if (!voice)
        return voice.error();
    settings.voice = *voice;

    // A short list rather than any locale: the sentence exists in these two languages only.
    const QString language = ini.value(kSection, QStringLiteral("voice_language"));
    if (language == u"zh_CN" || language == u"zh")
        settings.voiceLanguage = QLocale(QLocale::Chinese, QLocale::China);
    else if (language == u"en_US" || language == u"en")
        settings.voiceLanguage = QLocale(QLocale::English, QLocale::UnitedStates);
    else if (language == u"en_GB")
        settings.voiceLanguage = QLocale(QLocale::English, QLocale::UnitedKingdom);
    else if (!language.isEmpty())
        return settingError(path, QStringLiteral("voice_language"), tr("must be zh_CN, en_US or en_GB"));

    const QString volume = ini.value(kSection, QStringLiteral("volume"));
    if (!volume.isEmpty()) {
        bool ok = false;
        const int value = volume.toInt(&ok);
        if (!ok || value < 0 || value > 100)
            return settingError(path, QStringLiteral("volume"), tr("must be a percentage from 0 to 100"));
        settings.volumePercent = value;
    }
    return settings;
}

} // namespace counterpay::config
