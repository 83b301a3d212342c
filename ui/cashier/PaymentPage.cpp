#include "cashier/PaymentPage.h"

#include "cashier/Look.h"
#include "cashier/QrView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace counterpay::ui {

namespace {

// State words a little too wide for one line shrink to fit it: Chinese breaks between any two
// characters, and 顾客已扫码，等待付款 would leave 款 alone on a line. Longer words wrap at full size.
QFont stateFont(const QFont& base, const QString& words, int width, int unit)
{
    const QFont fitted = look::fitted(base, words, width, unit, true);
    return fitted.pixelSize() * 4 >= unit * 3 ? fitted : look::sized(base, unit, true);
}

} // namespace

PaymentPage::PaymentPage(QWidget* parent)
    : QWidget(parent)
{
    m_qr = new QrView(this);
    m_qr->setObjectName(QStringLiteral("qrView"));
    m_scanPrompt = new QLabel(this);
    m_scanPrompt->setObjectName(QStringLiteral("scanPrompt"));
    m_scanPrompt->setAlignment(Qt::AlignCenter);
    m_scanPrompt->setWordWrap(true);
    m_left = new QStackedWidget(this);
    m_left->addWidget(m_qr);
    m_left->addWidget(m_scanPrompt);

    m_amount = new QLabel(this);
    m_amount->setObjectName(QStringLiteral("paymentAmount"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("paymentState"));
    m_state->setWordWrap(true);
    m_timeLeft = new QLabel(this);
    m_timeLeft->setObjectName(QStringLiteral("timeLeft"));
    m_trouble = new QLabel(this);
    m_trouble->setObjectName(QStringLiteral("troubleBanner"));
    m_trouble->setWordWrap(true);
    m_trouble->setAutoFillBackground(true);
    QPalette amber = m_trouble->palette();
    amber.setColor(QPalette::Window, look::kTrouble);
    amber.setColor(QPalette::WindowText, Qt::black);
    m_trouble->setPalette(amber);
    m_trouble->setMargin(8);
    m_trouble->hide();
    m_stop = new QPushButton(tr("Esc  Stop"), this);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setFocusPolicy(Qt::NoFocus);
    m_stop->setAccessibleName(tr("Stop this payment"));
    m_stop->setMinimumHeight(48);
    connect(m_stop, &QPushButton::clicked, this, &PaymentPage::stopRequested);

    m_demo = new QWidget(this);
    auto* demoColumn = new QVBoxLayout(m_demo);
    demoColumn->setContentsMargins(0, 0, 0, 0);
    m_demoTitle = new QLabel(m_demo);
    demoColumn->addWidget(m_demoTitle);
    auto* demoRow = new QHBoxLayout;
    demoColumn->addLayout(demoRow);
    const DemoAction actions[] = {DemoAction::Scan, DemoAction::Pay, DemoAction::Decline};
    for (const DemoAction action : actions) {
        auto* button = new QPushButton(m_demo);
        button->setFocusPolicy(Qt::NoFocus);
        button->setObjectName(QStringLiteral("demoButton%1").arg(static_cast<int>(action)));
        button->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        connect(button, &QPushButton::clicked, this, [this, a = action] { emit demoCustomer(a); });
        demoRow->addWidget(button);
        m_demoButtons.append(button);
    }
    m_demo->hide();
    labelDemo(true);

    // Large text never widens the page beyond the screen: it wraps, or the label gives way.
    for (QWidget* widget :
         {static_cast<QWidget*>(m_amount), static_cast<QWidget*>(m_state), static_cast<QWidget*>(m_timeLeft),
          static_cast<QWidget*>(m_trouble), static_cast<QWidget*>(m_stop)})
        widget->setSizePolicy(QSizePolicy::Ignored, widget->sizePolicy().verticalPolicy());
    auto* right = new QVBoxLayout;
    right->addWidget(m_amount);
    right->addWidget(m_state);
    right->addWidget(m_timeLeft);
    right->addWidget(m_trouble);
    right->addStretch(1);
    right->addWidget(m_demo);
    right->addWidget(m_stop);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_left, 3);
    layout->addLayout(right, 2);
}

void PaymentPage::promptForCode(Money amount)
{
    m_prompting = true;
    m_left->setCurrentWidget(m_scanPrompt);
    m_scanPrompt->setText(tr("Scan the customer's payment code\n(Alipay 付款码)"));
    setAmount(amount);
    setState(tr("Waiting for the scanner"), look::kWaiting);
    m_timeLeft->clear();
    m_trouble->hide();
    m_stop->setText(tr("Esc  Back"));
    m_stop->setEnabled(true);
    labelDemo(false);
}

void PaymentPage::begin(Money amount, bool qr)
{
    m_prompting = false;
    m_qr->setText(QString());
    m_left->setCurrentWidget(qr ? static_cast<QWidget*>(m_qr) : m_scanPrompt);
    m_scanPrompt->setText(tr("Charging the customer's payment code"));
    setAmount(amount);
    setState(qr ? tr("Getting the QR code…") : tr("Charging…"), look::kWaiting);
    m_timeLeft->clear();
    m_trouble->hide();
    m_stop->setText(tr("Esc  Stop"));
    m_stop->setEnabled(true);
    labelDemo(true);
}

void PaymentPage::setAmount(Money amount)
{
    m_amount->setText(QStringLiteral("¥ ") + amount.toString());
    m_amount->setFont(
        look::fitted(font(), m_amount->text(), width() * 2 / 5 - 16, std::clamp(height() / 16, 14, 56) * 2, true));
}

void PaymentPage::showQr(const QString& qrCode)
{
    m_qr->setText(qrCode);
    m_left->setCurrentWidget(m_qr);
}

void PaymentPage::setState(const QString& words, const QColor& colour)
{
    m_state->setText(words);
    m_state->setFont(stateFont(font(), words, width() * 2 / 5 - 16, std::clamp(height() / 16, 14, 56)));
    QPalette palette = m_state->palette();
    palette.setColor(QPalette::WindowText, colour);
    m_state->setPalette(palette);
}

void PaymentPage::setTimeLeft(int seconds)
{
    m_timeLeft->setText(
        tr("Time left %1:%2").arg(seconds / 60, 2, 10, QLatin1Char('0')).arg(seconds % 60, 2, 10, QLatin1Char('0')));
}

void PaymentPage::setTrouble(const QString& message)
{
    m_trouble->setText(message);
    m_trouble->setVisible(!message.isEmpty());
}

void PaymentPage::setStopping()
{
    setState(tr("Stopping: one last check with Alipay, then the order is cancelled"), look::kTrouble);
    m_stop->setEnabled(false);
}

void PaymentPage::labelDemo(bool liveOrder)
{
    // With an order under way the customer acts on it; before a payment code is scanned, the demo
    // hands the scanner one of the sandbox's test codes.
    m_demoTitle->setText(liveOrder ? tr("Demo, simulate the customer:") : tr("Demo, scan a test payment code:"));
    const QString texts[] = {liveOrder ? tr("F6  Scan") : tr("F6  Confirm on phone"), tr("F7  Pay"),
                             liveOrder ? tr("F8  Decline") : tr("F8  No balance")};
    for (qsizetype i = 0; i < m_demoButtons.size(); ++i) {
        m_demoButtons[i]->setText(texts[i]);
        m_demoButtons[i]->setAccessibleName(texts[i]);
    }
    fitDemoButtons();
}

void PaymentPage::fitDemoButtons()
{
    const int unit = std::clamp(height() / 16, 14, 56);
    for (QPushButton* b : std::as_const(m_demoButtons))
        b->setFont(look::fitted(font(), b->text(), m_stop->width() / 3 - 16, unit * 6 / 10));
}

void PaymentPage::setDemo(bool demo)
{
    m_demo->setVisible(demo);
}

void PaymentPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const int unit = std::clamp(height() / 16, 14, 56);
    m_amount->setFont(look::fitted(font(), m_amount->text(), width() * 2 / 5 - 16, unit * 2, true));
    m_state->setFont(stateFont(font(), m_state->text(), width() * 2 / 5 - 16, unit));
    m_timeLeft->setFont(look::sized(font(), unit * 8 / 10));
    m_trouble->setFont(look::sized(font(), unit * 7 / 10));
    m_scanPrompt->setFont(look::sized(font(), unit, true));
    m_stop->setFont(look::sized(font(), unit * 7 / 10));
    fitDemoButtons();
}

} // namespace counterpay::ui
