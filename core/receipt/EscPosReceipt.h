#pragma once

#include "common/Result.h"
#include "config/ReceiptSettings.h"
#include "receipt/Receipt.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace counterpay::receipt {

// A receipt as the bytes an ESC/POS receipt printer takes (Epson's command set, which Chinese
// thermal printers follow): Chinese text in GB18030, laid out in the printer's columns of Font A,
// the amount at double size, the out_trade_no as a QR code the printer draws itself, then the cut.
//
// In Chinese mode (FS &) a byte below 0x80 prints half width and a two-byte GB code full width: a
// character takes as many columns as it has bytes. Characters the printer's GB font may lack (GB18030's
// four-byte codes) print as '?', except '¥', which becomes the full-width '￥' of GB2312. Control
// characters in the data become spaces, so a store title cannot smuggle in a printer command.
class EscPosReceipt
{
public:
    static constexpr int kColumns58 = 32; // 384 dots / 12
    static constexpr int kColumns80 = 48; // 576 dots / 12

    // 32 or 48; A4 has no ESC/POS layout (ReceiptSettings refuses it), 48 is returned.
    static int columnsFor(config::ReceiptSettings::Paper paper);
    // The whole print job, from ESC @ to the cut. `columns` is 32 or 48 (anything else: Input error).
    static Result<QByteArray> render(const Receipt& receipt, int columns);

    // `text` as it will be printed: the substitutions above applied.
    static QString printable(QStringView text);
    // Columns the printable form of `text` takes: 1 for ASCII, 2 for anything else.
    static int width(QStringView text);
    // GB18030 bytes of the printable form of `text`.
    static QByteArray encode(QStringView text);
    // `text` cut into lines of at most `columns`, never inside a character.
    static QStringList wrap(QStringView text, int columns);

    // The commands, for the tests and for anyone reading the bytes.
    static QByteArray initialise();                                   // ESC @
    static QByteArray chineseMode(bool on);                           // FS & / FS .
    static QByteArray align(int n);                                   // ESC a n: 0 left, 1 centre, 2 right
    static QByteArray bold(bool on);                                  // ESC E n
    static QByteArray characterSize(int w, int h);                    // GS ! n: w, h from 1 to 8
    static QByteArray qrCode(const QByteArray& data, int moduleDots); // GS ( k: model 2, level M
    static QByteArray feedLines(int n);                               // ESC d n
    static QByteArray cut();                                          // GS V 66 0: feed to the cutter, partial cut
};

} // namespace counterpay::receipt
