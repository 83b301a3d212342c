#include "customer/CustomerDisplay.h"

#include "cashier/Look.h"
#include "cashier/QrView.h"
#include "payment/Till.h"

#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QWindow>

namespace counterpay::ui {

CustomerDisplay::CustomerDisplay(payment::Till& till, const QString& storeName, QWidget* parent)
    : QWidget(parent, Qt::Window | Qt::FramelessWindowHint)
    , m_storeName(storeName)
{
    setObjectName(QStringLiteral("customerDisplay"));
    setWindowTitle(tr("CounterPay — customer display"));
    setAutoFillBackground(true);
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, Qt::white);
    palette.setColor(QPalette::WindowText, Qt::black);
    setPalette(palette);

    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("customerHeadline"));
    m_amount = new QLabel(this);
    m_amount->setObjectName(QStringLiteral("customerAmount"));
    m_qr = new QrView(this);
    m_qr->setObjectName(QStringLiteral("customerQr"));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_body = new QStackedWidget(this);
    m_body->addWidget(m_message);
    m_body->addWidget(m_qr);
    for (QLabel* label : {m_headline, m_amount, m_message})
        label->setAlignment(Qt::AlignCenter);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_amount);
    layout->addWidget(m_body, 1);

    m_backToWelcome.setSingleShot(true);
    m_backToWelcome.setInterval(6000);
    connect(&m_backToWelcome, &QTimer::timeout, this, &CustomerDisplay::welcome);

    connect(&till, &payment::Till::paymentStateChanged, this, [this](const store::Order& order) {
        m_backToWelcome.stop();
        m_amount->setText(QStringLiteral("¥ ") + order.totalAmount.toString());
        if (order.state == store::OrderState::Created)
            showMessage(tr("Amount to pay"),
                        order.mode == store::Order::PayMode::Barcode
                            ? tr("Show your Alipay payment code to the cashier")
                            : tr("One moment…"),
                        look::kWaiting);
        else if (order.state == store::OrderState::AwaitingPayment)
            showMessage(tr("Confirm the payment on your phone"), QString(), look::kWaiting);
    });
    connect(&till, &payment::Till::qrReady, this, [this](const QString& qrCode) {
        m_headline->setText(tr("Scan with Alipay to pay"));
        m_qr->setText(qrCode);
        m_body->setCurrentWidget(m_qr);
    });
    connect(&till, &payment::Till::paid, this, [this](const store::Order& order) {
        m_amount->setText(QStringLiteral("¥ ") + order.totalAmount.toString());
        showMessage(tr("Paid, thank you"), QStringLiteral("✓"), look::kPaid);
        m_backToWelcome.start();
    });
    connect(&till, &payment::Till::notPaid, this, [this] {
        showMessage(tr("Not paid"), QString(), look::kFailed);
        m_backToWelcome.start();
    });
    connect(&till, &payment::Till::refundedOnCancel, this, [this] {
        showMessage(tr("The payment was returned to your account"), QString(), look::kTrouble);
        m_backToWelcome.start();
    });
    connect(&till, &payment::Till::unresolved, this, [this] {
        showMessage(tr("Please wait for the cashier"), QString(), look::kTrouble);
        m_backToWelcome.start();
    });
    welcome();
}

QString CustomerDisplay::headline() const
{
    return m_headline->text();
}

void CustomerDisplay::welcome()
{
    m_amount->clear();
    m_qr->setText(QString());
    showMessage(tr("Welcome"), m_storeName, palette().color(QPalette::WindowText));
}

void CustomerDisplay::showMessage(const QString& headline, const QString& detail, const QColor& colour)
{
    m_headline->setText(headline);
    QPalette palette = m_headline->palette();
    palette.setColor(QPalette::WindowText, colour);
    m_headline->setPalette(palette);
    m_message->setPalette(palette);
    m_message->setText(detail);
    m_body->setCurrentWidget(m_message);
}

void CustomerDisplay::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const int unit = std::clamp(height() / 12, 16, 90);
    m_headline->setFont(look::sized(font(), unit, true));
    m_amount->setFont(look::sized(font(), unit * 3 / 2, true));
    m_message->setFont(look::sized(font(), unit * 2, true));
}

CustomerScreenPlacer::CustomerScreenPlacer(CustomerDisplay& display, QWidget& cashierWindow, bool enabled,
                                           QObject* parent)
    : QObject(parent)
    , m_display(display)
    , m_cashier(cashierWindow)
    , m_enabled(enabled)
{
    connect(qGuiApp, &QGuiApplication::screenAdded, this, &CustomerScreenPlacer::place);
    connect(qGuiApp, &QGuiApplication::screenRemoved, this, &CustomerScreenPlacer::place, Qt::QueuedConnection);
    place();
}

void CustomerScreenPlacer::place()
{
    QScreen* cashierScreen = m_cashier.screen();
    QScreen* other = nullptr;
    for (QScreen* screen : QGuiApplication::screens()) {
        if (screen != cashierScreen) {
            other = screen;
            break;
        }
    }
    if (!m_enabled || !other) {
        m_display.hide();
        return;
    }
    m_display.setGeometry(other->geometry());
    if (!m_display.isVisible())
        m_display.showFullScreen();
    if (QWindow* window = m_display.windowHandle())
        window->setScreen(other);
    m_display.setGeometry(other->geometry());
}

} // namespace counterpay::ui
