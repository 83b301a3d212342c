#pragma once

#include "money/Money.h"

#include <QWidget>

class QLabel;

namespace counterpay::ui {

class ResultMark;

// How the payment ended, unmistakably: a large mark (✓ paid, ✗ not paid, ↩ refunded, ? unconfirmed),
// the words, the amount and, when paid, Alipay's trade number and the masked buyer. It stays until
// the next key or a few seconds.
class ResultPage : public QWidget
{
    Q_OBJECT

public:
    enum class Outcome
    {
        Paid,
        NotPaid,
        Refunded,
        Unconfirmed,
    };

    explicit ResultPage(QWidget* parent = nullptr);

    void showOutcome(Outcome outcome, const QString& headline, Money amount, const QString& details,
                     const QString& advice);
    // A line under it, for what still needs the cashier (a receipt that did not print, say).
    void setNotice(const QString& notice);
    Outcome outcome() const { return m_outcome; }
    QString headline() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    ResultMark* m_mark = nullptr;
    QLabel* m_headline = nullptr;
    QLabel* m_amount = nullptr;
    QLabel* m_details = nullptr;
    QLabel* m_advice = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_hint = nullptr;
    Outcome m_outcome = Outcome::Paid;
};

} // namespace counterpay::ui
