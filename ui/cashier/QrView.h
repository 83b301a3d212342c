#pragma once

#include "receipt/QrCode.h"

#include <QWidget>

#include <optional>

namespace counterpay::ui {

// A QR code a phone can read from a metre away: drawn module by module at a whole number of pixels
// per module (no blur at any size), black on white, with the four-module quiet zone scanners need.
class QrView : public QWidget
{
    Q_OBJECT

public:
    explicit QrView(QWidget* parent = nullptr);

    // Empty text clears it.
    void setText(const QString& text);
    const QString& text() const { return m_text; }
    // Pixels per module at the current size.
    int moduleSize() const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    static constexpr int kQuietZone = 4;
    QString m_text;
    std::optional<receipt::QrCode> m_code;
};

} // namespace counterpay::ui
