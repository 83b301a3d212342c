#include "settings/FeedbackSettingsPage.h"

#include <QFormLayout>

namespace counterpay::ui {

FeedbackSettingsPage::FeedbackSettingsPage(QWidget* parent)
    : SettingsPage(parent)
{
    setObjectName(QStringLiteral("feedbackSettingsPage"));
    const QString f = QStringLiteral("feedback");
    addSwitch(f, QStringLiteral("sounds"), tr("A chime when paid, a low double beep when not"), true);
    addSwitch(f, QStringLiteral("voice"), tr("Say the amount received (when a voice is installed)"), true);
    addChoice(f, QStringLiteral("voice_language"), tr("Voice language"),
              {{QStringLiteral("zh_CN"), tr("Chinese")},
               {QStringLiteral("en_US"), tr("English (US)")},
               {QStringLiteral("en_GB"), tr("English (UK)")}},
              QStringLiteral("zh_CN"));
    addText(f, QStringLiteral("volume"), tr("Volume (0 to 100)"), {}, tr("empty: the system's volume"));
}

} // namespace counterpay::ui
