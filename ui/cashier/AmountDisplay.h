#pragma once

#include <QWidget>

namespace counterpay::ui {

// The amount being keyed in, as the largest thing on the screen: "¥ 12.34", right-aligned, its size
// following the widget's height. Painted, not a label, so it stays crisp and never elides digits.
class AmountDisplay : public QWidget
{
    Q_OBJECT

public:
    explicit AmountDisplay(QWidget* parent = nullptr);

    void setText(const QString& amount, bool placeholder);
    QString text() const { return m_text; }
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_text;
    bool m_placeholder = true;
};

} // namespace counterpay::ui
