#include "cashier/AmountDisplay.h"

#include "cashier/Look.h"

#include <QPainter>

namespace counterpay::ui {

AmountDisplay::AmountDisplay(QWidget* parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Amount"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setText(QStringLiteral("0.00"), true);
}

void AmountDisplay::setText(const QString& amount, bool placeholder)
{
    m_text = amount;
    m_placeholder = placeholder;
    setAccessibleDescription(QStringLiteral("¥ ") + amount);
    update();
}

QSize AmountDisplay::minimumSizeHint() const
{
    return {240, 80};
}

void AmountDisplay::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::TextAntialiasing);
    const QString text = QStringLiteral("¥ ") + m_text;
    // As large as the height allows, then smaller until the widest amount fits the width.
    QFont font = look::sized(this->font(), height() * 7 / 10, true);
    font.setStyleHint(QFont::Monospace);
    for (int pixels = font.pixelSize(); pixels > 12; pixels -= 2) {
        font.setPixelSize(pixels);
        if (QFontMetrics(font).horizontalAdvance(text) <= width() - 16)
            break;
    }
    painter.setFont(font);
    QColor colour = palette().color(QPalette::WindowText);
    if (m_placeholder)
        colour.setAlpha(90);
    painter.setPen(colour);
    painter.drawText(rect().adjusted(8, 0, -8, 0), Qt::AlignRight | Qt::AlignVCenter, text);
}

} // namespace counterpay::ui
