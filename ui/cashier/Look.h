#pragma once

#include <QColor>
#include <QFont>
#include <QFontMetrics>

namespace counterpay::ui {

// The few colours and sizes the counter's screens share. A state is never colour alone (UI.md): every
// colour here goes with words and an icon.
namespace look {

inline const QColor kPaid(0x1E, 0x8E, 0x3E);    // green
inline const QColor kFailed(0xC6, 0x28, 0x28);  // red
inline const QColor kWaiting(0x16, 0x77, 0xFF); // Alipay blue
inline const QColor kTrouble(0xE6, 0x7E, 0x00); // amber
inline const QColor kSandbox(0xE6, 0x7E, 0x00); // the SANDBOX badge
inline const QColor kProduction(0x1E, 0x8E, 0x3E);

// A font `pixels` high, for text that scales with the window.
inline QFont sized(const QFont& base, int pixels, bool bold = false)
{
    QFont font = base;
    font.setPixelSize(std::max(8, pixels));
    font.setBold(bold);
    return font;
}

// The largest font up to `pixels` high in which `text` fits `width`: labels and buttons keep their
// whole text on a 1024-pixel screen and still use the room of a large one.
inline QFont fitted(const QFont& base, const QString& text, int width, int pixels, bool bold = false)
{
    QFont font = sized(base, pixels, bold);
    while (font.pixelSize() > 10 && QFontMetrics(font).horizontalAdvance(text) > width)
        font.setPixelSize(font.pixelSize() - 1);
    return font;
}

} // namespace look

} // namespace counterpay::ui
