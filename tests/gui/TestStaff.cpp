// Who works the counter, offscreen: a manager's approval with the PIN (wrong PINs counted and said),
// single-user shops approved without one, sign-in starting a shift, and the lock that falls on an
// idle counter and only a PIN lifts.
#include "cashier/CashierWindow.h"
#include "payment/Till.h"
#include "people/PeopleStore.h"
#include "staff/CounterLock.h"
#include "staff/PinDialog.h"
#include "staff/SignInDialog.h"

#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace counterpay;

class TestStaff : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void managerApprovesWithThePin();
    void singleUserShopNeedsNoPin();
    void signInStartsTheShift();
    void idleCounterLocksAndOnlyAPinOpensIt();
    void quittingWhileSigningInLetsGo();

private:
    void addPeople();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<payment::Till> m_till;
};

void TestStaff::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_till = std::make_unique<payment::Till>();
    payment::TillParts parts;
    parts.gateway.appId = QStringLiteral("9021000000000001");
    parts.settings.payment.appId = parts.gateway.appId;
    parts.settings.payment.terminalId = QStringLiteral("T1");
    auto store = store::OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")));
    QVERIFY(store.ok());
    parts.store = std::move(*store);
    QVERIFY(m_till->install(std::move(parts)).ok());
}

void TestStaff::cleanup()
{
    m_till.reset();
    m_dir.reset();
}

void TestStaff::addPeople()
{
    QVERIFY(m_till->people().add(QStringLiteral("李经理"), people::Person::Role::Manager, u"8642").ok());
    QVERIFY(m_till->people().add(QStringLiteral("王芳"), people::Person::Role::Cashier, u"1357").ok());
}

void TestStaff::managerApprovesWithThePin()
{
    addPeople();
    ui::PinDialog dialog(*m_till, QStringLiteral("Refund ¥ 1.00"), QStringLiteral("李经理"));
    dialog.setPin(QStringLiteral("1111"));
    QVERIFY(!dialog.tryApprove());
    QVERIFY2(dialog.message().contains(QStringLiteral("4")), qPrintable(dialog.message())); // tries left
    QVERIFY(dialog.findChild<QLineEdit*>(QStringLiteral("pinField"))->text().isEmpty());
    QCOMPARE((*m_till->people().find(QStringLiteral("李经理")))->failedPins, 1);
    // A cashier is not in the list: only managers approve.
    dialog.setName(QStringLiteral("王芳"));
    dialog.setPin(QStringLiteral("1357"));
    QVERIFY(!dialog.tryApprove());
    dialog.setName(QStringLiteral("李经理"));
    dialog.setPin(QStringLiteral("8642"));
    QVERIFY(dialog.tryApprove());
    QCOMPARE(dialog.manager(), QStringLiteral("李经理"));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE((*m_till->people().find(QStringLiteral("李经理")))->failedPins, 0);
}

void TestStaff::singleUserShopNeedsNoPin()
{
    const ui::ManagerApproval approval = ui::PinDialog::approvalFor(*m_till, {});
    // No dialog appears (it would block this test): the owner approves.
    QCOMPARE(approval(nullptr, QStringLiteral("Refund")), std::optional<QString>(ui::PinDialog::singleUserName()));
}

void TestStaff::signInStartsTheShift()
{
    addPeople();
    ui::SignInDialog dialog(*m_till, QString());
    dialog.show();
    // The keyboard alone: Down from the PIN field chooses the next name; one Enter is one attempt.
    auto* pin = dialog.findChild<QLineEdit*>(QStringLiteral("pinField"));
    auto* names = dialog.findChild<QListWidget*>(QStringLiteral("signInNames"));
    QCOMPARE(names->currentItem()->data(Qt::UserRole).toString(), QStringLiteral("李经理"));
    QTest::keyClick(pin, Qt::Key_Down);
    QCOMPARE(names->currentItem()->data(Qt::UserRole).toString(), QStringLiteral("王芳"));
    QTest::keyClicks(pin, QStringLiteral("0000"));
    QTest::keyClick(pin, Qt::Key_Return);
    QCOMPARE((*m_till->people().find(QStringLiteral("王芳")))->failedPins, 1);
    QVERIFY(pin->text().isEmpty());
    QTest::keyClick(pin, Qt::Key_Return); // nothing typed: not an attempt
    QCOMPARE((*m_till->people().find(QStringLiteral("王芳")))->failedPins, 1);
    QVERIFY(m_till->cashier().isEmpty());
    QVERIFY(!m_till->shift().has_value());
    dialog.setPin(QStringLiteral("1357"));
    QVERIFY(dialog.trySignIn());
    QCOMPARE(dialog.person(), QStringLiteral("王芳"));
    QCOMPARE(m_till->cashier(), QStringLiteral("王芳"));
    QCOMPARE(m_till->shift()->person, QStringLiteral("王芳"));
}

void TestStaff::idleCounterLocksAndOnlyAPinOpensIt()
{
    addPeople();
    ui::CashierWindow window(*m_till);
    window.show();
    ui::CounterLock lock(*m_till, window, 0);
    QVERIFY(lock.isActive());
    // The sign-in at start, answered as the cashier would.
    QTimer::singleShot(0, this, [] {
        auto* dialog = qobject_cast<ui::SignInDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->setName(QStringLiteral("王芳"));
        dialog->setPin(QStringLiteral("1357"));
        QVERIFY(dialog->trySignIn());
    });
    QVERIFY(lock.signInAtStart());
    QCOMPARE(lock.person(), QStringLiteral("王芳"));

    // Idle: the lock falls. Esc does not lift it, a wrong PIN does not, the right one does.
    QStringList seen;
    std::function<void()> answer = [&] {
        auto* dialog = qobject_cast<ui::SignInDialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            QTimer::singleShot(20, this, answer);
            return;
        }
        QVERIFY(lock.isLocked());
        seen.append(dialog->windowTitle());
        if (seen.size() == 1) {
            dialog->reject(); // Esc
        } else if (seen.size() == 2) {
            dialog->setPin(QStringLiteral("9999"));
            QVERIFY(!dialog->trySignIn());
            dialog->setPin(QStringLiteral("1357"));
            QVERIFY(dialog->trySignIn());
            return;
        }
        QTimer::singleShot(20, this, answer);
    };
    QTimer::singleShot(20, this, answer);
    QSignalSpy signedIn(&lock, &ui::CounterLock::signedIn);
    lock.setIdleMs(50);
    QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 2, 5000);
    QTRY_VERIFY(!lock.isLocked());
    QCOMPARE(signedIn.size(), 0); // the same person: the same shift goes on
    QCOMPARE(m_till->cashier(), QStringLiteral("王芳"));
    QCOMPARE((*m_till->people().find(QStringLiteral("王芳")))->failedPins, 0);
    lock.setIdleMs(0);
}

void TestStaff::quittingWhileSigningInLetsGo()
{
    // A shutdown (SIGTERM) while the sign-in waits: the app must be able to quit, nobody signed in.
    addPeople();
    ui::CashierWindow window(*m_till);
    window.show();
    ui::CounterLock lock(*m_till, window, 0);
    QTimer::singleShot(50, &lock, &ui::CounterLock::stop);
    QVERIFY(!lock.signInAtStart());
    QVERIFY(lock.person().isEmpty());
    QVERIFY(m_till->cashier().isEmpty());
}

QTEST_MAIN(TestStaff)
#include "TestStaff.moc"
