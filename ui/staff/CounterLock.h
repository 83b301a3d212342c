#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

class CashierWindow;

// Who may use the counter, when the shop has people with PINs: sign-in at start, and a lock — F12,
// or the counter left idle ([display] lock_after_min) — that only a PIN opens. The lock never falls
// while money is moving: an idle counter with a payment under way locks once the payment is over.
// A shop with nobody set up runs single-user: no sign-in and no lock.
class CounterLock : public QObject
{
    Q_OBJECT

public:
    CounterLock(payment::Till& till, CashierWindow& window, int idleMinutes, QObject* parent = nullptr);

    // True when people are set up (sign-in and lock apply); read at start.
    bool isActive() const { return m_active; }
    // Asks who is at the counter; false when nobody signed in (the app then quits).
    bool signInAtStart();
    // Locks the counter now and waits for a PIN (modal); returns once someone signed in again.
    void lock();
    bool isLocked() const { return m_locked; }
    const QString& person() const { return m_person; }
    void setIdleMs(int ms);
    // The shift was handed over: the counter locks until the next person signs in (a new shift).
    void signInNext();
    // The app is quitting: a locked counter lets go (the sign-in is closed, nobody is signed in).
    void stop();

signals:
    void signedIn(const QString& person);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void idle();

    payment::Till& m_till;
    CashierWindow& m_window;
    QTimer m_idle;
    QString m_person;
    bool m_locked = false;
    bool m_active = false; // read once: the filter sees every mouse move and must not ask the book
    bool m_quitting = false;
    QPointer<class SignInDialog> m_dialog;
};

} // namespace counterpay::ui
