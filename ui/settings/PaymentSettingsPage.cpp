#include "settings/PaymentSettingsPage.h"

#include <QFormLayout>

namespace counterpay::ui {

PaymentSettingsPage::PaymentSettingsPage(QWidget* parent)
    : SettingsPage(parent)
{
    setObjectName(QStringLiteral("paymentSettingsPage"));
    const QString p = QStringLiteral("payment");
    addText(p, QStringLiteral("qr_lifetime_s"), tr("QR code shown for (seconds)"), QStringLiteral("300"),
            tr("5 to 7200; then the order is cancelled"));
    addText(p, QStringLiteral("barcode_wait_s"), tr("Wait for the customer's phone (seconds)"), QStringLiteral("60"),
            tr("5 to 600"));
    addText(p, QStringLiteral("poll"), tr("Query schedule (ms)"),
            QStringLiteral("first=1500,1000@30000,2000@120000,final=5000"), tr("interval@until, in milliseconds"));
}

} // namespace counterpay::ui
