#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace counterpay::ui {

// The line at the bottom that is always there: SANDBOX or PRODUCTION, whether the gateway answers,
// how many orders need a manager, and which counter and cashier this is.
class StatusStrip : public QWidget
{
    Q_OBJECT

public:
    explicit StatusStrip(QWidget* parent = nullptr);

    void setEnvironment(bool sandbox, const QString& gateway);
    void setReachable(bool reachable, const QString& detail);
    void setAttention(int orders);
    void setCounter(const QString& terminal, const QString& cashier);

    QString environmentText() const;
    int attention() const { return m_attentionCount; }

signals:
    void attentionClicked();

private:
    QLabel* m_environment = nullptr;
    QLabel* m_gateway = nullptr;
    QPushButton* m_attention = nullptr;
    QLabel* m_counter = nullptr;
    int m_attentionCount = 0;
};

} // namespace counterpay::ui
