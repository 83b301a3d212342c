#include "receipt/QrCode.h"

#include <QCoreApplication>

#include <qrencode.h>

#include <memory>

namespace counterpay::receipt {

Result<QrCode> QrCode::encode(const QByteArray& text)
{
    if (text.isEmpty())
        return Error::input(QCoreApplication::translate("QrCode", "nothing to put in a QR code"));
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(text.constData(), 0, QR_ECLEVEL_M),
                                                         &QRcode_free);
    if (!code)
        return Error::input(QCoreApplication::translate("QrCode", "the text does not fit in a QR code"));
    QrCode result;
    result.m_size = code->width;
    result.m_modules.resize(qsizetype{code->width} * code->width);
    for (int i = 0; i < code->width * code->width; ++i)
        result.m_modules[i] = (code->data[i] & 1) != 0;
    return result;
}

QString QrCode::toTerminalText() const
{
    // Terminals draw light text on dark more often than not, so light modules are the drawn ones:
    // the printed square then reads as dark modules on a light field either way round.
    const int total = m_size + 2 * kQuietZone;
    const auto light = [this](int x, int y) {
        x -= kQuietZone;
        y -= kQuietZone;
        if (x < 0 || y < 0 || x >= m_size || y >= m_size)
            return true;
        return !isDark(x, y);
    };
    QString text;
    for (int y = 0; y < total; y += 2) {
        for (int x = 0; x < total; ++x) {
            const bool top = light(x, y);
            const bool bottom = y + 1 < total ? light(x, y + 1) : false;
            text += top && bottom ? QChar(0x2588) : top ? QChar(0x2580) : bottom ? QChar(0x2584) : QChar(u' ');
        }
        text += u'\n';
    }
    return text;
}

QImage QrCode::toImage(int scale) const
{
    const int total = (m_size + 2 * kQuietZone) * scale;
    QImage image(total, total, QImage::Format_Grayscale8);
    image.fill(255);
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size; ++x) {
            if (!isDark(x, y))
                continue;
            for (int dy = 0; dy < scale; ++dy) {
                uchar* line = image.scanLine((y + kQuietZone) * scale + dy);
                std::fill_n(line + qsizetype{x + kQuietZone} * scale, scale, uchar(0));
            }
        }
    }
    return image;
}

} // namespace counterpay::receipt
