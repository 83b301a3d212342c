#include "cashier/QrView.h"

#include <QPainter>

namespace counterpay::ui {

QrView::QrView(QWidget* parent)
    : QWidget(parent)
{
    setAccessibleName(tr("QR code for the customer to scan"));
    setMinimumSize(200, 200);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void QrView::setText(const QString& text)
{
    m_text = text;
    m_code.reset();
    if (!text.isEmpty()) {
        if (auto code = receipt::QrCode::encode(text.toUtf8()))
            m_code = std::move(*code);
    }
    update();
}

int QrView::moduleSize() const
{
    if (!m_code)
        return 0;
    const int modules = m_code->size() + 2 * kQuietZone;
    return std::min(width(), height()) / modules;
}

QSize QrView::sizeHint() const
{
    return {360, 360};
}

void QrView::paintEvent(QPaintEvent*)
{
    if (!m_code)
        return;
    QPainter painter(this);
    const int scale = std::max(1, moduleSize());
    const int modules = m_code->size() + 2 * kQuietZone;
    const int side = modules * scale;
    const QPoint origin((width() - side) / 2, (height() - side) / 2);
    painter.fillRect(QRect(origin, QSize(side, side)), Qt::white);
    for (int y = 0; y < m_code->size(); ++y) {
        for (int x = 0; x < m_code->size(); ++x) {
            if (m_code->isDark(x, y))
                painter.fillRect(origin.x() + (x + kQuietZone) * scale, origin.y() + (y + kQuietZone) * scale, scale,
                                 scale, Qt::black);
        }
    }
}

} // namespace counterpay::ui
