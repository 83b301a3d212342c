#pragma once

#include "common/Result.h"
#include "config/ReceiptSettings.h"
#include "receipt/Receipt.h"

#include <QCoreApplication>
#include <QString>

class QPagedPaintDevice;

namespace counterpay::ui {

// A receipt as a page, for a printer the system knows (through Qt Print Support and CUPS) or a PDF:
// on a 58 or 80 mm roll (the page as wide as the roll and as tall as the receipt) or on A4 (the
// receipt in a column at the top). The same fields as the ESC/POS receipt, as real text: a PDF can be
// searched for its trade number. The out_trade_no is drawn as a QR code in vector squares.
//
// Safe to call on a worker thread: it only paints on a QPdfWriter or a QPrinter, which Qt allows off
// the GUI thread.
class ReceiptPrinter
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptPrinter)

public:
    using Paper = config::ReceiptSettings::Paper;

    // Sets `device`'s page for `paper` and the receipt's height, and paints the receipt on it.
    static Result<void> paint(const receipt::Receipt& receipt, Paper paper, QPagedPaintDevice& device);
    // Writes the receipt to a PDF file at `path` (its folder must exist).
    static Result<void> toPdf(const receipt::Receipt& receipt, Paper paper, const QString& path);
    // Prints on the system's printer `printerName`, or its default printer when the name is empty.
    static Result<void> toSystemPrinter(const receipt::Receipt& receipt, Paper paper, const QString& printerName);

    // The font family receipts are set in: Noto Sans CJK SC when installed, else a family that writes
    // Simplified Chinese, else the system's font.
    static QString fontFamily();
    // The name a document (a PDF's title, a print job) carries: "收款凭证 T1-20260115-000123".
    static QString documentName(const receipt::Receipt& receipt);
};

} // namespace counterpay::ui
