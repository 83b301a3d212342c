#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QImage>
#include <QString>
#include <QVector>

namespace counterpay::receipt {

// A QR code for a payment URL, from libqrencode. The only file that includes qrencode.h is
// QrCode.cpp.
class QrCode
{
public:
    // Error correction M, as Alipay's own codes use; the smallest version that fits.
    static Result<QrCode> encode(const QByteArray& text);

    int size() const { return m_size; }
    bool isDark(int x, int y) const { return m_modules[y * m_size + x]; }

    // Two rows per line with half blocks, with the 4-module quiet zone a scanner needs; for a
    // terminal with dark text on a light background inverted automatically (light modules drawn).
    QString toTerminalText() const;
    // Black on white, `scale` pixels per module, quiet zone included.
    QImage toImage(int scale) const;

private:
    static constexpr int kQuietZone = 4;
    int m_size = 0;
    QVector<bool> m_modules;
};

} // namespace counterpay::receipt
