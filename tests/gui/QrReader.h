#pragma once

#include <QImage>
#include <QString>

namespace counterpay::test {

// The text of the QR code in `image`, as a phone's camera would read it (ZXing); empty when none is
// found. An independent reader: our own encoder is never asked.
QString readQrCode(const QImage& image);

} // namespace counterpay::test
