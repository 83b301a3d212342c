#include "settings/CounterSettingsPage.h"

#include <QFormLayout>

namespace counterpay::ui {

CounterSettingsPage::CounterSettingsPage(QWidget* parent)
    : SettingsPage(parent)
{
    setObjectName(QStringLiteral("counterSettingsPage"));
    const QString c = QStringLiteral("counter");
    addText(c, QStringLiteral("subject"), tr("Store title"), QStringLiteral("门店消费"),
            tr("the order title customers see in Alipay"));
    addText(c, QStringLiteral("terminal_id"), tr("Terminal id"), QStringLiteral("T1"),
            tr("1 to 32 letters, digits or '_'"));
    addText(c, QStringLiteral("cashier_id"), tr("Cashier id (operator_id)"));
    addText(c, QStringLiteral("store_id"), tr("Store id"));
    addPath(c, QStringLiteral("database"), tr("Order book (empty: the app's data folder)"));
}

} // namespace counterpay::ui
