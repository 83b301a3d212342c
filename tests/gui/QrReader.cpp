#include "QrReader.h"

#define ZX_USE_UTF8 1 // Result::text() as UTF-8 (ZXing 1.4)
#include <ZXing/ReadBarcode.h>

namespace counterpay::test {

QString readQrCode(const QImage& image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const ZXing::ImageView view(rgb.constBits(), rgb.width(), rgb.height(), ZXing::ImageFormat::RGB,
                                static_cast<int>(rgb.bytesPerLine()));
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    const ZXing::Result result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid())
        return {};
    return QString::fromStdString(result.text());
}

} // namespace counterpay::test
