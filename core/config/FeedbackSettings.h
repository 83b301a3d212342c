#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QLocale>
#include <QString>

#include <optional>

namespace counterpay {
class IniFile;
}

namespace counterpay::config {

// What the counter hears when a payment ends, from the [feedback] section of the counter's INI file:
//
//   [feedback]
//   sounds=true            ; a chime when paid, a low double beep when not, a tick for a scanned code
//   voice=true             ; say 「支付宝到账 12.34 元」 when a voice is installed
//   voice_language=zh_CN   ; zh_CN, or en_US / en_GB for "Alipay received 12.34 yuan"
//   volume=                ; 0 to 100 (percent); empty: the system's volume
//
// Every key is optional; the defaults are the ones shown.
struct FeedbackSettings
{
    bool sounds = true;
    bool voice = true;
    // The language of the announcement, whatever the language of the screens: a counter in China
    // expects the Chinese sentence the speaker boxes say. Chinese or English only.
    QLocale voiceLanguage{QLocale::Chinese, QLocale::China};
    // 0 to 100 for the sounds (as heard: the scale is logarithmic) and the voice (its engine's range,
    // where about 50 is the engine's usual level); 0 silences both. None leaves the sounds at full
    // volume and the voice at its engine's default; the system's mixer applies either way.
    std::optional<int> volumePercent;

    // `path` names the file in errors: "counterpay.ini [feedback] volume: ...".
    static Result<FeedbackSettings> load(const IniFile& ini, const QString& path);

    Q_DECLARE_TR_FUNCTIONS(FeedbackSettings)
};

} // namespace counterpay::config
