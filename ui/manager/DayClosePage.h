#pragma once

#include "manager/ManagerApproval.h"
#include "report/DayReport.h"

#include <QWidget>

#include <optional>

class QDateEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

class HourlyChart;

// 日结: a business day's figures (by how the customer paid: taken, not paid, still open, refunds done
// that day, net), the day's first and last order numbers, money per hour beside the day before; then
// closing the day with a manager's PIN, so no more payments are taken on it. The figures print as a
// PDF and export as CSV (UTF-8 with a BOM, so Excel opens it), the export approved by a manager.
class DayClosePage : public QWidget
{
    Q_OBJECT

public:
    DayClosePage(payment::Till& till, ManagerApproval approval, QWidget* parent = nullptr);

    void setDay(QDate day);
    QDate day() const;
    // Reads the day's figures again.
    void refresh();
    const std::optional<report::DayReport>& figures() const { return m_figures; }
    HourlyChart& chart() { return *m_chart; }
    QString status() const;

    // Closes the day once a manager approves; false (with the reason shown) when it was not closed.
    bool closeDay();
    // The figures as a PDF in the receipts' folder; the file's path.
    Result<QString> print();
    // The figures as CSV at `path`, once a manager approves.
    Result<QString> exportCsv(const QString& path);

signals:
    void dayClosed(QDate day);

private:
    void showFigures();

    payment::Till& m_till;
    ManagerApproval m_approval;
    std::optional<report::DayReport> m_figures;
    QDateEdit* m_day = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_numbers = nullptr;
    QTableWidget* m_table = nullptr;
    HourlyChart* m_chart = nullptr;
    QPushButton* m_close = nullptr;
    QPushButton* m_print = nullptr;
    QPushButton* m_export = nullptr;
};

} // namespace counterpay::ui
