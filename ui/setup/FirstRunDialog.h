#pragma once

#include <QDialog>

namespace counterpay::ui {

// What `counterpay` shows when it finds no configuration: try the demo (the default, Enter), or set the
// counter up for real payments (the setup wizard). Esc or closing it quits.
class FirstRunDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Choice
    {
        Demo,
        Setup,
        Quit,
    };

    explicit FirstRunDialog(QWidget* parent = nullptr);
    Choice choice() const { return m_choice; }

private:
    Choice m_choice = Choice::Quit;
};

} // namespace counterpay::ui
