#include "staff/SignInDialog.h"

#include "cashier/Look.h"
#include "payment/Till.h"
#include "people/PeopleStore.h"
#include "staff/PinField.h"

#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

SignInDialog::SignInDialog(payment::Till& till, const QString& lockedBy, QWidget* parent)
    : QDialog(parent)
    , m_till(till)
    , m_lockedBy(lockedBy)
{
    setObjectName(QStringLiteral("signIn"));
    setWindowTitle(lockedBy.isEmpty() ? tr("Sign in") : tr("Locked"));
    setFont(look::sized(font(), 22));
    auto* heading =
        new QLabel(lockedBy.isEmpty() ? tr("Who is at the counter?")
                                      : tr("The counter is locked (%1). Type the PIN to go on.").arg(lockedBy),
                   this);
    heading->setWordWrap(true);
    heading->setFont(look::sized(font(), 30, true));
    m_names = new QListWidget(this);
    m_names->setObjectName(QStringLiteral("signInNames"));
    m_names->setAccessibleName(tr("Name"));
    m_names->setFont(look::sized(font(), 26));
    if (auto people = m_till.people().list()) {
        for (const people::Person& person : *people) {
            auto* item = new QListWidgetItem(
                person.role == people::Person::Role::Manager ? tr("%1 (manager)").arg(person.name) : person.name,
                m_names);
            item->setData(Qt::UserRole, person.name);
        }
    }
    m_pin = new PinField(this);
    m_pin->setFont(look::sized(font(), 30));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("signInMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: %1").arg(look::kFailed.name()));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign in (Enter)"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::trySignIn);
    // Enter is the default button's (one attempt per Enter); Up and Down choose the name while the
    // PIN field has the focus, so the keyboard alone is enough.
    m_pin->installEventFilter(this);
    // Choosing a name moves to the PIN: the keyboard's arrows and Enter are enough.
    connect(m_names, &QListWidget::itemActivated, this, [this] { m_pin->setFocus(); });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_names, 1);
    layout->addWidget(new QLabel(tr("PIN"), this));
    layout->addWidget(m_pin);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    setName(lockedBy);
    if (m_names->currentRow() < 0 && m_names->count() > 0)
        m_names->setCurrentRow(0);
    m_pin->setFocus();
    // A locked counter shows nothing of the sale behind it: the dialog covers the whole window.
    if (parent)
        setGeometry(parent->window()->geometry());
}

bool SignInDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_pin && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down) {
            const int row = m_names->currentRow() + (key == Qt::Key_Down ? 1 : -1);
            if (row >= 0 && row < m_names->count())
                m_names->setCurrentRow(row);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void SignInDialog::setName(const QString& name)
{
    for (int row = 0; row < m_names->count(); ++row) {
        if (m_names->item(row)->data(Qt::UserRole).toString() == name)
            m_names->setCurrentRow(row);
    }
}

void SignInDialog::setPin(const QString& pin)
{
    m_pin->setText(pin);
}

QString SignInDialog::message() const
{
    return m_message->text();
}

bool SignInDialog::trySignIn()
{
    const QString pin = m_pin->text();
    m_pin->clear();
    if (pin.isEmpty()) {
        m_message->setText(tr("Type your PIN, then Enter."));
        m_pin->setFocus();
        return false;
    }
    QListWidgetItem* chosen = m_names->currentItem();
    if (!chosen) {
        m_message->setText(tr("Choose your name first."));
        return false;
    }
    const QString name = chosen->data(Qt::UserRole).toString();
    // The one who locked the screen goes on with the same shift; anyone else takes the counter over.
    std::optional<Error> refused;
    if (name == m_lockedBy) {
        if (auto verified = m_till.people().verify(name, pin); !verified)
            refused = verified.error();
    } else if (auto signedIn = m_till.signIn(name, pin); !signedIn) {
        refused = signedIn.error();
    }
    if (refused) {
        m_message->setText(refused->message());
        m_pin->setFocus();
        return false;
    }
    m_person = name;
    accept();
    return true;
}

} // namespace counterpay::ui
