#include "settings/NotifySettingsPage.h"

#include <QFormLayout>

namespace counterpay::ui {

NotifySettingsPage::NotifySettingsPage(QWidget* parent)
    : SettingsPage(parent)
{
    setObjectName(QStringLiteral("notifySettingsPage"));
    const QString n = QStringLiteral("notify");
    addSwitch(n, QStringLiteral("enabled"), tr("Receive Alipay's notifications (needs notify_url reaching this port)"),
              false);
    addText(n, QStringLiteral("listen"), tr("Listen on address"), QStringLiteral("127.0.0.1"));
    addText(n, QStringLiteral("port"), tr("Port"), QStringLiteral("8089"));
    addText(n, QStringLiteral("path"), tr("Path"), QStringLiteral("/alipay/notify"));
    addText(n, QStringLiteral("seller_id"), tr("Alipay partner id (optional)"), {}, tr("16 digits starting 2088"));
}

} // namespace counterpay::ui
