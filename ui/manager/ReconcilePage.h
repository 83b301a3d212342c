#pragma once

#include "reconcile/ReconcileReport.h"

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

// 对账: a business day of the book against Alipay's trade bill of that day. Shows both sides' totals
// and each difference with its order number and what to do; changes nothing.
class ReconcilePage : public QWidget
{
    Q_OBJECT

public:
    explicit ReconcilePage(payment::Till& till, QWidget* parent = nullptr);

    void setDay(QDate day);
    // Downloads the day's bill and compares; reconciled() follows.
    void start();
    bool isRunning() const { return m_running; }
    const std::optional<reconcile::ReconcileReport>& report() const { return m_report; }
    int mismatchRows() const;
    QString summary() const;

signals:
    void reconciled();

private:
    void showReport(const Result<reconcile::ReconcileReport>& report);

    payment::Till& m_till;
    bool m_running = false;
    std::optional<reconcile::ReconcileReport> m_report;
    QDateEdit* m_day = nullptr;
    QPushButton* m_go = nullptr;
    QLabel* m_summary = nullptr;
    QTableWidget* m_mismatches = nullptr;
};

} // namespace counterpay::ui
