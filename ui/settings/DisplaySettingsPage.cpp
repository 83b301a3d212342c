#include "settings/DisplaySettingsPage.h"

#include <QFormLayout>
#include <QLabel>

namespace counterpay::ui {

DisplaySettingsPage::DisplaySettingsPage(QWidget* parent)
    : SettingsPage(parent)
{
    setObjectName(QStringLiteral("displaySettingsPage"));
    const QString d = QStringLiteral("display");
    addSwitch(d, QStringLiteral("customer_display"), tr("Customer display on a second screen"), true);
    addChoice(d, QStringLiteral("language"), tr("Language"),
              {{QString(), tr("The system's")},
               {QStringLiteral("zh_CN"), QStringLiteral("中文")},
               {QStringLiteral("en"), QStringLiteral("English")}},
              QString());
    addText(d, QStringLiteral("lock_after_min"), tr("Lock an idle counter after (minutes)"), QStringLiteral("5"),
            tr("0 to 240; 0: only F12 locks"));
    // The lock's minutes apply as soon as they are saved; these two shape windows built at start.
    auto* later = new QLabel(tr("The language and the customer display change when CounterPay next starts."), this);
    later->setWordWrap(true);
    form()->addRow(later);
}

} // namespace counterpay::ui
