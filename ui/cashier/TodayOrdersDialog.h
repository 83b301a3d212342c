#pragma once

#include <QDialog>

class QTableWidget;
class QLabel;

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

// F4: today's orders at a glance (the business day in China time), newest first, with their state in
// words; the ones that need a manager stand out. The manager's full history comes later.
class TodayOrdersDialog : public QDialog
{
    Q_OBJECT

public:
    explicit TodayOrdersDialog(payment::Till& till, QWidget* parent = nullptr);

    int rowCount() const;

private:
    void load();

    payment::Till& m_till;
    QTableWidget* m_table = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace counterpay::ui
