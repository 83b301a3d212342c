#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QStackedWidget;

namespace counterpay::payment {
class Till;
}
namespace counterpay::store {
struct Order;
}

namespace counterpay::ui {

class QrView;

// What the customer sees on a second screen facing them (the cashier's monitor rarely does): the
// amount, the QR code to scan, and the outcome; a welcome between sales. No cashier controls. It
// binds to the till like the cashier's screen does.
class CustomerDisplay : public QWidget
{
    Q_OBJECT

public:
    CustomerDisplay(payment::Till& till, const QString& storeName, QWidget* parent = nullptr);

    QString headline() const;
    QrView* qrView() const { return m_qr; }

private:
    void welcome();
    void showMessage(const QString& headline, const QString& detail, const QColor& colour);

    QString m_storeName;
    QStackedWidget* m_body = nullptr;
    QrView* m_qr = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_amount = nullptr;
    QLabel* m_headline = nullptr;
    QTimer m_backToWelcome;

protected:
    void resizeEvent(QResizeEvent* event) override;
};

// Puts the customer display on a screen other than the cashier's when there is one, full screen and
// frameless, and follows screens being plugged in and out. `enabled` false keeps it off.
class CustomerScreenPlacer : public QObject
{
    Q_OBJECT

public:
    CustomerScreenPlacer(CustomerDisplay& display, QWidget& cashierWindow, bool enabled, QObject* parent = nullptr);

    void place();

private:
    CustomerDisplay& m_display;
    QWidget& m_cashier;
    bool m_enabled;
};

} // namespace counterpay::ui
