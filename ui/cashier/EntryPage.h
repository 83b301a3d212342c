#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace counterpay::ui {

class AmountDisplay;

// Where the amount is keyed in: the amount, an optional note (the order's title), which way the
// customer pays, and the F-keys of the counter, each shown on its button.
class EntryPage : public QWidget
{
    Q_OBJECT

public:
    explicit EntryPage(QWidget* parent = nullptr);

    AmountDisplay* amount() const { return m_amount; }
    QLineEdit* note() const { return m_note; }
    void setPaymentCodeMode(bool paymentCode);
    void setDefaultNote(const QString& subject);
    // A line under the amount: what is wrong with what was typed or scanned, or empty.
    void setMessage(const QString& message, bool problem = true);
    // The demo's F9 button: shown only where phone mode exists.
    void setPhoneModeAvailable(bool available);
    void setPhoneModeOn(bool on);
    // F12: shown only where the counter can be locked (the shop has people with PINs).
    void setLockAvailable(bool available);

signals:
    void switchModeRequested();
    void reprintRequested();
    void ordersRequested();
    void managerRequested();
    void lockRequested();
    void phoneModeRequested();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QLabel* m_title = nullptr;
    AmountDisplay* m_amount = nullptr;
    QLineEdit* m_note = nullptr;
    QLabel* m_mode = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_switchMode = nullptr;
    QPushButton* m_reprint = nullptr;
    QPushButton* m_orders = nullptr;
    QPushButton* m_manager = nullptr;
    QPushButton* m_lock = nullptr;
    QPushButton* m_phone = nullptr;
};

} // namespace counterpay::ui
