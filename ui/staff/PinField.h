#pragma once

#include <QLineEdit>

namespace counterpay::ui {

// Where a PIN is typed: digits only, shown as dots, no input method (a Chinese IME must not turn the
// digits full-width), and cleared after every attempt so a PIN never lingers on the screen.
class PinField : public QLineEdit
{
    Q_OBJECT

public:
    explicit PinField(QWidget* parent = nullptr);
};

} // namespace counterpay::ui
