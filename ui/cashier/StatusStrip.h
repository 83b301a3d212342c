#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace counterpay::ui {

// The line at the bottom that is always there: SANDBOX or PRODUCTION, whether the gateway answers,
// how many orders need a manager, whether the order book's backups are in order, and which counter
// and cashier this is.
class StatusStrip : public QWidget
{
    Q_OBJECT

public:
    explicit StatusStrip(QWidget* parent = nullptr);

    void setEnvironment(bool sandbox, const QString& gateway);
    void setReachable(bool reachable, const QString& detail);
    void setAttention(int orders);
    void setCounter(const QString& terminal, const QString& cashier);
    // The backups' state as the core words it; `warn` colours it (none for a day, or the last failed).
    // An empty text hides it (no backups are kept, e.g. the demo).
    void setBackup(bool warn, const QString& text, const QString& detail);

    QString environmentText() const;
    int attention() const { return m_attentionCount; }
    QString backupText() const;
    bool backupWarns() const { return m_backupWarns; }

signals:
    void attentionClicked();

private:
    QLabel* m_environment = nullptr;
    QLabel* m_gateway = nullptr;
    QPushButton* m_attention = nullptr;
    QLabel* m_backup = nullptr;
    QLabel* m_counter = nullptr;
    int m_attentionCount = 0;
    bool m_backupWarns = false;
};

} // namespace counterpay::ui
