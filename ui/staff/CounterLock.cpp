#include "staff/CounterLock.h"

#include "cashier/CashierWindow.h"
#include "payment/Till.h"
#include "people/PeopleStore.h"
#include "staff/SignInDialog.h"

#include <QApplication>
#include <QEvent>

namespace counterpay::ui {

CounterLock::CounterLock(payment::Till& till, CashierWindow& window, int idleMinutes, QObject* parent)
    : QObject(parent)
    , m_till(till)
    , m_window(window)
{
    auto nobody = m_till.people().isEmpty();
    m_active = nobody && !*nobody;
    m_idle.setSingleShot(true);
    setIdleMs(idleMinutes * 60'000);
    connect(&m_idle, &QTimer::timeout, this, &CounterLock::idle);
    connect(&m_window, &CashierWindow::lockRequested, this, &CounterLock::lock);
    connect(&m_window, &CashierWindow::shiftHandedOver, this, &CounterLock::signInNext);
    qApp->installEventFilter(this);
}

void CounterLock::setIdleMs(int ms)
{
    m_idle.setInterval(ms);
    if (ms > 0 && isActive())
        m_idle.start();
    else
        m_idle.stop();
}

bool CounterLock::signInAtStart()
{
    if (!isActive())
        return true;
    SignInDialog dialog(m_till, QString(), &m_window);
    m_dialog = &dialog;
    if (dialog.exec() != QDialog::Accepted || m_quitting)
        return false;
    m_person = dialog.person();
    m_window.setCashier(m_person);
    emit signedIn(m_person);
    if (m_idle.interval() > 0)
        m_idle.start();
    return true;
}

void CounterLock::lock()
{
    if (m_locked || !isActive() || !m_window.canLock())
        return;
    m_locked = true;
    m_idle.stop();
    // Only a PIN opens it: Esc or closing the dialog asks again.
    QString person;
    while (person.isEmpty() && !m_quitting) {
        SignInDialog dialog(m_till, m_person, &m_window);
        m_dialog = &dialog;
        if (dialog.exec() == QDialog::Accepted)
            person = dialog.person();
    }
    m_locked = false;
    if (person.isEmpty())
        return; // the app is quitting
    if (person != m_person) {
        m_person = person;
        m_window.setCashier(m_person);
        emit signedIn(m_person);
    }
    if (m_idle.interval() > 0)
        m_idle.start();
}

void CounterLock::signInNext()
{
    m_person.clear();
    // After the manager's window has closed: the sign-in is modal over the cashier's screen.
    QTimer::singleShot(0, this, &CounterLock::lock);
}

void CounterLock::stop()
{
    m_quitting = true;
    m_idle.stop();
    if (m_dialog)
        m_dialog->reject();
}

void CounterLock::idle()
{
    if (m_window.canLock())
        lock();
    else
        m_idle.start(); // money is moving or a result is shown: look again later
}

bool CounterLock::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        if (!m_locked && m_idle.interval() > 0 && isActive())
            m_idle.start();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace counterpay::ui
