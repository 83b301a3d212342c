#pragma once

#include <QDialog>

class QLabel;
class QListWidget;

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

class PinField;

// Who works the counter: at start, and to unlock a locked screen. Pick a name, type the PIN, Enter.
// Signing in starts that person's shift and puts their name on the orders and receipts that follow;
// five wrong PINs lock the name for a while. At a locked screen the person who locked it is chosen
// first; another person signing in there takes over the counter.
class SignInDialog : public QDialog
{
    Q_OBJECT

public:
    // `lockedBy`: the person whose screen is locked, empty at start.
    SignInDialog(payment::Till& till, const QString& lockedBy, QWidget* parent = nullptr);

    void setName(const QString& name);
    void setPin(const QString& pin);
    QString message() const;
    // The person signed in, once accepted.
    const QString& person() const { return m_person; }
    bool trySignIn();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    payment::Till& m_till;
    QString m_lockedBy;
    QString m_person;
    QListWidget* m_names = nullptr;
    PinField* m_pin = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace counterpay::ui
