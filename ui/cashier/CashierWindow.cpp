#include "cashier/CashierWindow.h"

#include "alipay/ChinaTime.h"
#include "alipay/PaymentCode.h"
#include "cashier/AmountDisplay.h"
#include "cashier/EntryPage.h"
#include "cashier/Keypad.h"
#include "cashier/Look.h"
#include "cashier/ResultPage.h"
#include "cashier/ScanDetector.h"
#include "cashier/StatusStrip.h"
#include "cashier/TodayOrdersDialog.h"
#include "manager/ManagerWindow.h"
#include "payment/Till.h"
#include "receipt/ReceiptOutput.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace counterpay::ui {

using store::OrderState;

namespace {

// Keys arrive with the time this process saw them: a scanner's burst stays a burst, a person's pauses
// stay pauses, whatever timestamps the windowing system (or a test) puts on the events.
qint64 nowMs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.elapsed();
}

} // namespace

CashierWindow::CashierWindow(payment::Till& till, QWidget* parent)
    : QMainWindow(parent)
    , m_till(till)
{
    setObjectName(QStringLiteral("cashierWindow"));
    setWindowTitle(tr("CounterPay — Alipay cashier"));
    // A scanner gun types digits: an input method would turn them into full-width characters or
    // swallow them into a composition window.
    setAttribute(Qt::WA_InputMethodEnabled, false);
    setFocusPolicy(Qt::StrongFocus);
    m_scanner = new ScanDetector(this);
    buildLayout();
    bindTill();

    m_resultHold.setSingleShot(true);
    m_resultHold.setInterval(kResultHoldMs);
    connect(&m_resultHold, &QTimer::timeout, this, [this] {
        if (page() == Page::Result)
            showEntry(true);
    });
    // Whether the gateway answers, while nothing is being paid: a connection, no API call.
    m_gatewayCheck.setInterval(60'000);
    connect(&m_gatewayCheck, &QTimer::timeout, this, [this] {
        if (!m_till.isPaymentLive())
            m_till.checkGateway();
    });
    m_gatewayCheck.start();
    m_till.checkGateway();
    refreshAttention();
    showEntry(true);
    resize(1024, 720);
}

CashierWindow::~CashierWindow() = default;

void CashierWindow::buildLayout()
{
    m_entryPage = new EntryPage(this);
    m_entryPage->setDefaultNote(m_till.settings().subject);
    m_keypad = new Keypad(this);
    m_keypad->setObjectName(QStringLiteral("keypad"));
    m_entryArea = new QWidget(this);
    auto* entryLayout = new QHBoxLayout(m_entryArea);
    entryLayout->addWidget(m_entryPage, 3);
    entryLayout->addWidget(m_keypad, 2);

    m_paymentPage = new PaymentPage(this);
    m_paymentPage->setObjectName(QStringLiteral("paymentPage"));
    m_resultPage = new ResultPage(this);
    m_resultPage->setObjectName(QStringLiteral("resultPage"));
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_entryArea);
    m_pages->addWidget(m_paymentPage);
    m_pages->addWidget(m_resultPage);
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("noticeBanner"));
    m_notice->setWordWrap(true);
    m_notice->setMargin(8);
    m_notice->setAutoFillBackground(true);
    QPalette amber = m_notice->palette();
    amber.setColor(QPalette::Window, look::kTrouble);
    amber.setColor(QPalette::WindowText, Qt::black);
    m_notice->setPalette(amber);
    m_notice->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_notice->hide();
    m_noticeHold.setSingleShot(true);
    m_noticeHold.setInterval(30'000);
    connect(&m_noticeHold, &QTimer::timeout, m_notice, &QLabel::hide);
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_notice);
    column->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_status = new StatusStrip(this);
    statusBar()->addWidget(m_status, 1);
    statusBar()->setSizeGripEnabled(false);
    m_status->setEnvironment(m_till.isSandbox(), m_till.gatewayConfig().gatewayUrl.toDisplayString());
    m_status->setCounter(m_till.settings().payment.terminalId, m_till.settings().payment.cashierId);
    connect(m_status, &StatusStrip::attentionClicked, this, &CashierWindow::showOrders);

    connect(m_keypad, &Keypad::digit, this, [this](int value) { typed(QChar(u'0' + value)); });
    connect(m_keypad, &Keypad::point, this, [this] { typed(u'.'); });
    connect(m_keypad, &Keypad::backspace, this, [this] {
        m_entry.backspace();
        refreshAmount();
    });
    connect(m_keypad, &Keypad::clear, this, [this] {
        m_entry.clear();
        refreshAmount();
    });
    connect(m_keypad, &Keypad::enter, this, &CashierWindow::charge);
    connect(m_entryPage, &EntryPage::switchModeRequested, this, [this] {
        m_paymentCodeMode = !m_paymentCodeMode;
        m_entryPage->setPaymentCodeMode(m_paymentCodeMode);
    });
    connect(m_entryPage, &EntryPage::reprintRequested, this, &CashierWindow::reprintLast);
    connect(m_entryPage, &EntryPage::ordersRequested, this, &CashierWindow::showOrders);
    connect(m_entryPage, &EntryPage::phoneModeRequested, this, &CashierWindow::togglePhoneMode);
    connect(m_entryPage, &EntryPage::managerRequested, this, &CashierWindow::showManager);
    connect(m_entryPage, &EntryPage::lockRequested, this, [this] {
        if (canLock())
            emit lockRequested();
    });
    connect(m_entryPage->note(), &QLineEdit::returnPressed, this, [this] {
        setFocus();
        charge();
    });
    m_entryPage->note()->installEventFilter(this);
    connect(m_paymentPage, &PaymentPage::stopRequested, this, &CashierWindow::escape);
    connect(m_paymentPage, &PaymentPage::demoCustomer, this, &CashierWindow::demoCustomer);

    connect(m_scanner, &ScanDetector::typed, this, &CashierWindow::typed);
    connect(m_scanner, &ScanDetector::enterTyped, this, &CashierWindow::charge);
    connect(m_scanner, &ScanDetector::scanned, this, &CashierWindow::chargeCode);
}

bool CashierWindow::functionKey(int key)
{
    // Handled here rather than as QShortcuts: keys reach the window whether or not the windowing
    // system made it the active one (a kiosk without a window manager), and the note field passes
    // them on.
    switch (key) {
    case Qt::Key_F2:
        if (page() == Page::Entry)
            emit m_entryPage->switchModeRequested();
        return true;
    case Qt::Key_F3:
        reprintLast();
        return true;
    case Qt::Key_F4:
        showOrders();
        return true;
    case Qt::Key_F5:
        if (page() != Page::Payment)
            showManager();
        return true;
    case Qt::Key_F12:
        if (canLock())
            emit lockRequested();
        return true;
    case Qt::Key_F9:
        togglePhoneMode();
        return true;
    case Qt::Key_F6:
    case Qt::Key_F7:
    case Qt::Key_F8:
        demoCustomer(key == Qt::Key_F6   ? PaymentPage::DemoAction::Scan
                     : key == Qt::Key_F7 ? PaymentPage::DemoAction::Pay
                                         : PaymentPage::DemoAction::Decline);
        return true;
    default:
        return false;
    }
}

void CashierWindow::bindTill()
{
    connect(&m_till, &payment::Till::paymentStateChanged, this, [this](const store::Order& order) {
        m_liveOrder = order.outTradeNo;
        if (order.state == OrderState::AwaitingPayment)
            m_paymentPage->setState(order.mode == store::Order::PayMode::Barcode
                                        ? tr("The customer is confirming on the phone")
                                        : tr("Scanned, waiting for payment"),
                                    look::kWaiting);
    });
    connect(&m_till, &payment::Till::qrReady, this, [this](const QString& qrCode) {
        m_paymentPage->showQr(qrCode);
        m_paymentPage->setState(tr("Ask the customer to scan"), look::kWaiting);
    });
    connect(&m_till, &payment::Till::timeLeft, m_paymentPage, &PaymentPage::setTimeLeft);
    connect(&m_till, &payment::Till::connectionTrouble, this, [this](const QString& message) {
        m_paymentPage->setTrouble(tr("Connection trouble, still trying (the order is kept): %1").arg(message));
    });
    connect(&m_till, &payment::Till::connectionRecovered, this, [this] { m_paymentPage->setTrouble(QString()); });
    connect(&m_till, &payment::Till::gatewayReachability, m_status, &StatusStrip::setReachable);

    connect(&m_till, &payment::Till::paid, this, [this](const store::Order& order) {
        QStringList details{tr("Alipay trade no. %1").arg(order.tradeNo)};
        if (!order.buyerLogonId.isEmpty())
            details << tr("Buyer %1").arg(order.buyerLogonId);
        details << tr("Order no. %1").arg(order.outTradeNo);
        m_resultPage->showOutcome(ResultPage::Outcome::Paid, tr("Paid"), order.totalAmount, details.join(u'\n'), {});
        showResult();
        emit paymentPaid(order);
    });
    connect(&m_till, &payment::Till::recordingTrouble, m_resultPage, &ResultPage::setNotice);
    connect(&m_till, &payment::Till::notPaid, this, [this](const QString& message, const QString& advice) {
        const bool refused = !advice.isEmpty();
        m_resultPage->showOutcome(ResultPage::Outcome::NotPaid,
                                  refused ? tr("Payment failed: %1").arg(message) : tr("Not paid, order closed"),
                                  m_liveAmount, refused ? QString() : message, advice);
        showResult();
        emit paymentNotPaid();
    });
    connect(&m_till, &payment::Till::refundedOnCancel, this, [this](const store::Order& order) {
        m_resultPage->showOutcome(ResultPage::Outcome::Refunded, tr("The customer had paid; refunded"),
                                  order.totalAmount, tr("Alipay trade no. %1").arg(order.tradeNo),
                                  tr("The money went back to the customer's account."));
        showResult();
        emit paymentNotPaid();
    });
    connect(&m_till, &payment::Till::unresolved, this, [this](const QString& reason) {
        m_resultPage->showOutcome(ResultPage::Outcome::Unconfirmed, tr("Outcome not confirmed; checked again later"),
                                  m_liveAmount, reason,
                                  tr("Do not charge again until it is settled: see today's orders (F4)."));
        showResult();
        emit paymentNotPaid();
    });
    connect(&m_till, &payment::Till::paymentFinished, this, [this] {
        m_liveOrder.clear();
        refreshAttention();
    });
    connect(&m_till, &payment::Till::orderChanged, this, [this] {
        if (!m_till.isPaymentLive())
            refreshAttention();
    });
    connect(&m_till, &payment::Till::recoveryFinished, this, &CashierWindow::onRecoveryFinished);
}

void CashierWindow::setDemoCustomer(DemoCustomer customer)
{
    m_demoCustomer = std::move(customer);
    m_paymentPage->setDemo(static_cast<bool>(m_demoCustomer));
}

void CashierWindow::setDemoCode(DemoCode code)
{
    m_demoCode = std::move(code);
}

void CashierWindow::demoCustomer(PaymentPage::DemoAction action)
{
    if (page() != Page::Payment)
        return;
    if (m_paymentPage->isPromptingForCode()) {
        if (m_demoCode)
            chargeCode(m_demoCode(action));
    } else if (m_demoCustomer && !m_liveOrder.isEmpty()) {
        m_demoCustomer(action, m_liveOrder);
    }
}

void CashierWindow::setReceiptOutput(ReceiptOutput* output)
{
    m_receipts = output;
    if (!output)
        return;
    connect(output, &ReceiptOutput::failed, this, [this](const QString& message) {
        showNotice(tr("The receipt was not printed: %1. Press F3 to print it again.").arg(message));
    });
    connect(this, &CashierWindow::paymentPaid, output, [this](const store::Order& order) {
        if (!m_receipts->autoPrint())
            return;
        if (auto receipt = receipt::Receipt::forPayment(order, m_till.settings()))
            m_receipts->print(*receipt);
    });
}

void CashierWindow::setPhoneMode(PhoneMode toggle, const QString& warning)
{
    m_phoneMode = std::move(toggle);
    m_phoneWarning = warning;
    m_entryPage->setPhoneModeAvailable(static_cast<bool>(m_phoneMode));
}

void CashierWindow::togglePhoneMode()
{
    if (!m_phoneMode || page() != Page::Entry)
        return;
    if (m_till.isPaymentLive()) {
        showNotice(tr("Finish the payment first: its QR code points at this computer only."));
        return;
    }
    if (!m_phoneOn) {
        QMessageBox question(QMessageBox::Warning, tr("Let a phone play the customer?"), m_phoneWarning,
                             QMessageBox::Yes | QMessageBox::No, this);
        question.setObjectName(QStringLiteral("phoneModeQuestion"));
        question.setDefaultButton(QMessageBox::No);
        if (question.exec() != QMessageBox::Yes)
            return;
    }
    auto switched = m_phoneMode(!m_phoneOn);
    if (!switched) {
        showNotice(switched.error().message());
        return;
    }
    m_phoneOn = !m_phoneOn;
    m_entryPage->setPhoneModeOn(m_phoneOn);
    showNotice(m_phoneOn ? tr("Phone mode is on: a phone on this network that scans the QR code opens %1 and can "
                              "press 付款 (Pay). F9 turns it off.")
                               .arg(*switched)
                         : tr("Phone mode is off: the payment pages answer this computer only."));
}

void CashierWindow::reprintLast()
{
    emit reprintRequested();
    if (!m_receipts || !m_receipts->isEnabled()) {
        showNotice(tr("No receipt printer is set up ([receipt] printer in the configuration)."));
        return;
    }
    // The last paid order of today, from the book: it survives a restart.
    store::OrderFilter filter;
    filter.businessDay = alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
    filter.state = OrderState::Paid;
    filter.newestFirst = true;
    filter.limit = 1;
    auto last = m_till.orders(filter);
    if (!last || last->isEmpty()) {
        showNotice(tr("No paid order today to print a receipt for."));
        return;
    }
    auto receipt = receipt::Receipt::forPayment(last->first(), m_till.settings());
    if (!receipt) {
        showNotice(receipt.error().message());
        return;
    }
    m_receipts->print(receipt->reprinted());
    m_noticeHold.stop();
    m_notice->hide();
}

void CashierWindow::showNotice(const QString& text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
    m_noticeHold.start();
}

QString CashierWindow::notice() const
{
    return m_notice->isVisible() ? m_notice->text() : QString();
}

CashierWindow::Page CashierWindow::page() const
{
    if (m_pages->currentWidget() == m_paymentPage)
        return Page::Payment;
    if (m_pages->currentWidget() == m_resultPage)
        return Page::Result;
    return Page::Entry;
}

void CashierWindow::showEntry(bool clearAmount)
{
    m_resultHold.stop();
    m_scanner->reset();
    if (clearAmount) {
        m_entry.clear();
        m_entryPage->note()->clear();
    }
    m_entryPage->setMessage(QString());
    refreshAmount();
    m_pages->setCurrentWidget(m_entryArea);
    setFocus();
}

void CashierWindow::showResult()
{
    m_scanner->reset();
    m_pages->setCurrentWidget(m_resultPage);
    m_resultHold.start();
    setFocus();
}

void CashierWindow::refreshAmount()
{
    m_entryPage->amount()->setText(m_entry.display(), m_entry.isEmpty());
}

void CashierWindow::typed(QChar c)
{
    if (page() != Page::Entry)
        return;
    const bool changed = c == u'.' ? m_entry.point() : (c.isDigit() ? m_entry.digit(c.digitValue()) : false);
    if (changed) {
        m_entryPage->setMessage(QString());
        refreshAmount();
    }
}

void CashierWindow::charge()
{
    if (page() != Page::Entry)
        return;
    auto amount = m_entry.amount();
    if (!amount) {
        m_entryPage->setMessage(amount.error().message());
        return;
    }
    if (m_paymentCodeMode) {
        m_liveAmount = *amount;
        m_paymentPage->promptForCode(*amount);
        m_pages->setCurrentWidget(m_paymentPage);
        setFocus();
        return;
    }
    startPayment(QString());
}

void CashierWindow::chargeCode(const QString& code)
{
    const bool waitingForCode = page() == Page::Payment && m_paymentPage->isPromptingForCode();
    if (page() != Page::Entry && !waitingForCode)
        return;
    switch (alipay::paymentCodeIssuer(code)) {
    case alipay::PaymentCodeIssuer::Alipay:
        break;
    case alipay::PaymentCodeIssuer::WeChat:
        showEntry(false);
        m_entryPage->setMessage(tr("This is a WeChat payment code, not an Alipay one: ask for the Alipay 付款码."));
        return;
    case alipay::PaymentCodeIssuer::UnionPay:
        showEntry(false);
        m_entryPage->setMessage(tr("This is a UnionPay code, not an Alipay one: ask for the Alipay 付款码."));
        return;
    case alipay::PaymentCodeIssuer::Unknown:
        showEntry(false);
        m_entryPage->setMessage(tr("This is not an Alipay payment code; scan it again or ask for the Alipay 付款码."));
        return;
    }
    if (m_entry.amount().ok())
        startPayment(code);
    else
        m_entryPage->setMessage(tr("Type the amount first, then scan the payment code."));
}

void CashierWindow::startPayment(const QString& authCode)
{
    auto amount = m_entry.amount();
    if (!amount)
        return;
    payment::PaymentRequest request;
    request.amount = *amount;
    request.subject = m_entryPage->note()->text().trimmed();
    request.authCode = authCode;
    m_liveAmount = *amount;
    m_paymentPage->begin(*amount, authCode.isEmpty());
    m_pages->setCurrentWidget(m_paymentPage);
    setFocus();
    auto started = m_till.startPayment(request);
    if (!started) {
        showEntry(false);
        m_entryPage->setMessage(started.error().message());
        return;
    }
    m_liveOrder = started->outTradeNo;
}

void CashierWindow::escape()
{
    switch (page()) {
    case Page::Entry:
        m_entry.clear();
        m_entryPage->setMessage(QString());
        refreshAmount();
        return;
    case Page::Payment:
        if (m_paymentPage->isPromptingForCode()) {
            showEntry(false);
            return;
        }
        if (m_till.isPaymentLive()) {
            m_paymentPage->setStopping();
            m_till.stopPayment();
        }
        return;
    case Page::Result:
        showEntry(true);
        return;
    }
}

void CashierWindow::keyPressEvent(QKeyEvent* event)
{
    const qint64 at = nowMs();
    if (functionKey(event->key()))
        return;
    if (page() == Page::Result) {
        stepFromResult(event);
        return;
    }
    const bool takesKeys = page() == Page::Entry || m_paymentPage->isPromptingForCode();
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (takesKeys)
            m_scanner->enter(at);
        return;
    case Qt::Key_Escape:
        m_scanner->flushPending();
        escape();
        return;
    case Qt::Key_Backspace:
        m_scanner->flushPending();
        if (page() == Page::Entry && m_entry.backspace())
            refreshAmount();
        return;
    case Qt::Key_Delete:
        m_scanner->flushPending();
        if (page() == Page::Entry) {
            m_entry.clear();
            refreshAmount();
        }
        return;
    default:
        break;
    }
    const QString text = event->text();
    if (takesKeys && text.size() == 1 && text.front().isPrint()) {
        m_scanner->key(text.front(), at);
        return;
    }
    QMainWindow::keyPressEvent(event);
}

void CashierWindow::stepFromResult(QKeyEvent* event)
{
    // The next keystroke starts the next sale: a digit is already its first digit.
    const QString text = event->text();
    showEntry(true);
    if (text.size() == 1 && (text.front().isDigit() || text.front() == u'.'))
        typed(ScanDetector::normalised(text.front()));
}

bool CashierWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_entryPage->note() && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape || key->key() == Qt::Key_Tab) {
            setFocus(); // back to the amount
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void CashierWindow::onRecoveryFinished(const payment::RecoveryReport& report)
{
    refreshAttention();
    const int settled =
        report.paid + report.closed + report.refunded + report.failed + report.refundsDone + report.refundsFailed;
    if (report.examined + report.refundsExamined + report.otherApp == 0)
        return;
    QString summary = tr("Orders left open by an earlier run were checked with Alipay: %1 settled, %2 still "
                         "unresolved.")
                          .arg(settled)
                          .arg(std::max(0, report.unknown) + report.refundsUnknown);
    if (report.paid > 0)
        summary += u'\n' + tr("%n turned out paid.", nullptr, report.paid);
    if (report.otherApp > 0)
        summary += u'\n' + tr("%n belong(s) to another Alipay app and were left alone.", nullptr, report.otherApp);
    auto* box =
        new QMessageBox(QMessageBox::Information, tr("Orders checked at start"), summary, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("recoverySummary"));
    box->setDetailedText(report.lines.join(u'\n'));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

void CashierWindow::refreshAttention()
{
    auto attention = m_till.needingAttention();
    m_status->setAttention(attention ? static_cast<int>(attention->size()) : 0);
}

void CashierWindow::setManagerApproval(ManagerApproval approval)
{
    m_approval = std::move(approval);
}

void CashierWindow::setBackupState(bool warn, const QString& text, const QString& detail)
{
    m_status->setBackup(warn, text, detail);
}

void CashierWindow::setCashier(const QString& name)
{
    m_status->setCounter(m_till.settings().payment.terminalId, name);
}

void CashierWindow::warnOfUnclosedDay()
{
    auto open = m_till.lastUnclosedDay();
    if (open && open->has_value())
        showNotice(tr("Business day %1 was not closed: close it under F5 Manager, Day close.")
                       .arg((*open)->toString(Qt::ISODate)));
}

void CashierWindow::setLockAvailable(bool available)
{
    m_entryPage->setLockAvailable(available);
}

bool CashierWindow::canLock() const
{
    return page() == Page::Entry && !m_till.isPaymentLive();
}

void CashierWindow::showManager()
{
    if (!m_approval)
        return;
    if (!m_manager) {
        m_manager = new ManagerWindow(m_till, m_approval, m_receipts, this);
        m_manager->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_manager, &ManagerWindow::settingsSaved, this, &CashierWindow::settingsChanged);
        connect(m_manager, &ManagerWindow::handedOver, this, [this](const QString& person) {
            m_manager->close();
            setCashier({});
            emit shiftHandedOver(person);
        });
    }
    m_manager->show();
    m_manager->raise();
    m_manager->activateWindow();
}

void CashierWindow::showOrders()
{
    auto* dialog = new TodayOrdersDialog(m_till, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace counterpay::ui
