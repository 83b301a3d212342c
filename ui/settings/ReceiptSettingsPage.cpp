#include "settings/ReceiptSettingsPage.h"

#include <QFormLayout>

namespace counterpay::ui {

ReceiptSettingsPage::ReceiptSettingsPage(QWidget* parent)
    : SettingsPage(parent)
{
    setObjectName(QStringLiteral("receiptSettingsPage"));
    const QString r = QStringLiteral("receipt");
    addChoice(r, QStringLiteral("printer"), tr("Printer"),
              {{QStringLiteral("none"), tr("None")},
               {QStringLiteral("pdf"), tr("PDF files")},
               {QStringLiteral("system"), tr("A printer the system knows")},
               {QStringLiteral("escpos"), tr("Receipt printer (ESC/POS)")}},
              QStringLiteral("none"));
    addChoice(r, QStringLiteral("paper"), tr("Paper"),
              {{QStringLiteral("58"), tr("58 mm roll")},
               {QStringLiteral("80"), tr("80 mm roll")},
               {QStringLiteral("a4"), tr("A4 (PDF and system printers)")}},
              QStringLiteral("58"));
    addSwitch(r, QStringLiteral("auto_print"), tr("Print as soon as a payment is paid"), false);
    addPath(r, QStringLiteral("pdf_folder"), tr("PDF folder"), true);
    addText(r, QStringLiteral("printer_name"), tr("System printer (empty: the default)"));
    addText(r, QStringLiteral("device"), tr("ESC/POS device"), {}, QStringLiteral("/dev/usb/lp0"));
    addText(r, QStringLiteral("host"), tr("ESC/POS network printer"), {}, QStringLiteral("192.168.1.50"));
    addText(r, QStringLiteral("port"), tr("ESC/POS port"), QStringLiteral("9100"));
    addText(r, QStringLiteral("file"), tr("ESC/POS to a file"));
    addText(r, QStringLiteral("timeout_s"), tr("ESC/POS timeout (seconds)"), QStringLiteral("10"));
}

} // namespace counterpay::ui
