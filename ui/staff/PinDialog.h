#pragma once

#include "manager/ManagerApproval.h"

#include <QDialog>

class QComboBox;
class QLabel;

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

class PinField;

// A manager's approval on the spot: the manager's name and PIN, checked by the shop's people
// (wrong PINs counted; five lock that manager for a while). The dialog stays open after a wrong PIN
// so the manager can try again, and says how many tries are left.
class PinDialog : public QDialog
{
    Q_OBJECT

public:
    PinDialog(payment::Till& till, const QString& what, const QString& preferred, QWidget* parent = nullptr);

    // The approving manager's name once accept()ed.
    const QString& manager() const { return m_manager; }
    void setName(const QString& name);
    void setPin(const QString& pin);
    QString message() const;
    // Checks the name and PIN; accepts the dialog when they are a manager's.
    bool tryApprove();

    // The app's ManagerApproval: this dialog, or in a single-user shop (nobody set up) the shop's
    // owner at once. `current` names who is signed in (preferred in the list).
    static ManagerApproval approvalFor(payment::Till& till, std::function<QString()> current);
    // Who approves in a single-user shop: the computer's user, as counterpay-cli names them.
    static QString singleUserName();

private:
    payment::Till& m_till;
    QString m_manager;
    QComboBox* m_name = nullptr;
    PinField* m_pin = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace counterpay::ui
