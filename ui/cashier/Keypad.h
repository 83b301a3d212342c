#pragma once

#include <QWidget>

class QPushButton;

namespace counterpay::ui {

// The on-screen keypad: 7 8 9 / 4 5 6 / 1 2 3 / 0 . ⌫, clear, and a larger Enter, always in the same
// place. Its buttons never take the keyboard focus, so typing goes on where it was.
class Keypad : public QWidget
{
    Q_OBJECT

public:
    explicit Keypad(QWidget* parent = nullptr);

    QPushButton* enterButton() const { return m_enter; }

signals:
    void digit(int value);
    void point();
    void backspace();
    void clear();
    void enter();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QPushButton* button(const QString& text, const QString& accessibleName);

    QList<QPushButton*> m_buttons;
    QPushButton* m_enter = nullptr;
};

} // namespace counterpay::ui
