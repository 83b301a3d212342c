#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace counterpay {
class IniFile;
}

namespace counterpay::config {

// How receipts are printed, from the counter's INI file (every key optional, defaults shown):
//
//   [receipt]
//   printer=none        ; none | pdf | system | escpos
//   paper=58            ; 58 or 80 (mm roll), or a4 (pdf and system only)
//   auto_print=false    ; print when a payment is paid, without the cashier asking
//   pdf_folder=         ; printer=pdf: where the files go; empty: the app-data folder's receipts/
//   printer_name=       ; printer=system: the printer's name; empty: the system's default printer
//   device=             ; printer=escpos, one of: a device file (/dev/usb/lp0),
//   host=               ;   a network printer (raw TCP, port 9100),
//   port=9100
//   file=               ;   or a file the bytes are written to
//   timeout_s=10        ; escpos: how long a printer may take to take the bytes
//
// Relative paths (pdf_folder, file) are relative to the INI file's folder.
struct ReceiptSettings
{
    enum class Printer
    {
        None,
        Pdf,
        System, // a printer the system knows (CUPS), through Qt's print support
        EscPos, // raw ESC/POS bytes to a receipt printer
    };
    enum class Paper
    {
        Roll58,
        Roll80,
        A4,
    };
    enum class EscPosTarget
    {
        Device,
        Network,
        File,
    };

    Printer printer = Printer::None;
    Paper paper = Paper::Roll58;
    bool autoPrint = false;
    QString pdfFolder;
    QString printerName;
    EscPosTarget target = EscPosTarget::Device;
    QString device;
    QString host;
    quint16 port = 9100;
    QString file;
    qint64 timeoutMs = 10'000;

    // pdfFolder, or the app-data folder's receipts/ when it is empty.
    QString pdfFolderOrDefault() const;

    // Reads [receipt] of `ini`; `path` names the file in errors and anchors relative paths.
    static Result<ReceiptSettings> load(const IniFile& ini, const QString& path);

    Q_DECLARE_TR_FUNCTIONS(ReceiptSettings)
};

} // namespace counterpay::config
