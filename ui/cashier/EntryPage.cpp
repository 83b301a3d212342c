#include "cashier/EntryPage.h"

#include "cashier/AmountDisplay.h"
#include "cashier/Look.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

namespace {

QPushButton* functionButton(const QString& text, const QString& name, QWidget* parent)
{
    auto* button = new QPushButton(text, parent);
    button->setFocusPolicy(Qt::NoFocus);
    button->setObjectName(name);
    button->setAccessibleName(text);
    button->setMinimumHeight(44);
    button->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    return button;
}

} // namespace

EntryPage::EntryPage(QWidget* parent)
    : QWidget(parent)
{
    m_title = new QLabel(tr("Amount to charge"), this);
    m_amount = new AmountDisplay(this);
    m_amount->setObjectName(QStringLiteral("amountDisplay"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("entryMessage"));
    m_message->setWordWrap(true);
    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("noteField"));
    m_note->setAccessibleName(tr("Note: the order's title the customer sees (optional)"));
    m_note->setMaxLength(256);
    m_mode = new QLabel(this);
    m_mode->setObjectName(QStringLiteral("modeLabel"));

    m_switchMode = functionButton(tr("F2  QR code / payment code"), QStringLiteral("switchModeButton"), this);
    m_reprint = functionButton(tr("F3  Reprint last receipt"), QStringLiteral("reprintButton"), this);
    m_orders = functionButton(tr("F4  Today's orders"), QStringLiteral("ordersButton"), this);
    connect(m_switchMode, &QPushButton::clicked, this, &EntryPage::switchModeRequested);
    connect(m_reprint, &QPushButton::clicked, this, &EntryPage::reprintRequested);
    connect(m_orders, &QPushButton::clicked, this, &EntryPage::ordersRequested);
    m_manager = functionButton(tr("F5  Manager"), QStringLiteral("managerButton"), this);
    m_lock = functionButton(tr("F12  Lock"), QStringLiteral("lockButton"), this);
    connect(m_manager, &QPushButton::clicked, this, &EntryPage::managerRequested);
    connect(m_lock, &QPushButton::clicked, this, &EntryPage::lockRequested);
    m_lock->hide();
    m_phone = functionButton(tr("F9  A phone plays the customer"), QStringLiteral("phoneModeButton"), this);
    connect(m_phone, &QPushButton::clicked, this, &EntryPage::phoneModeRequested);
    m_phone->hide();

    auto* noteRow = new QHBoxLayout;
    auto* noteLabel = new QLabel(tr("Note"), this);
    noteLabel->setBuddy(m_note);
    noteRow->addWidget(noteLabel);
    noteRow->addWidget(m_note, 1);
    // Two a row, so the rows fit a 1024-pixel screen at any font size.
    auto* keys = new QGridLayout;
    keys->addWidget(m_switchMode, 0, 0);
    keys->addWidget(m_reprint, 0, 1);
    keys->addWidget(m_orders, 1, 0);
    keys->addWidget(m_manager, 1, 1);
    keys->addWidget(m_lock, 2, 0);
    keys->addWidget(m_phone, 2, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_amount, 5);
    layout->addWidget(m_message);
    layout->addWidget(m_mode);
    layout->addLayout(noteRow);
    layout->addStretch(1);
    layout->addLayout(keys);
    setPaymentCodeMode(false);
}

void EntryPage::setPaymentCodeMode(bool paymentCode)
{
    m_mode->setText(paymentCode ? tr("The customer shows a payment code: press Enter, then scan it")
                                : tr("The customer scans a QR code: press Enter to show it"));
}

void EntryPage::setPhoneModeAvailable(bool available)
{
    m_phone->setVisible(available);
}

void EntryPage::setLockAvailable(bool available)
{
    m_lock->setVisible(available);
}

void EntryPage::setPhoneModeOn(bool on)
{
    m_phone->setText(on ? tr("F9  Phone mode: on") : tr("F9  A phone plays the customer"));
    m_phone->setFont(look::fitted(font(), m_phone->text(), width() / 2 - 24, m_phone->font().pixelSize()));
}

void EntryPage::setDefaultNote(const QString& subject)
{
    m_note->setPlaceholderText(tr("Note (optional). Without one the order is titled \"%1\"").arg(subject));
}

void EntryPage::setMessage(const QString& message, bool problem)
{
    m_message->setText(message);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText, problem ? look::kFailed : palette.color(QPalette::Text));
    m_message->setPalette(palette);
}

void EntryPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const int unit = std::clamp(height() / 24, 14, 36);
    m_title->setFont(look::sized(font(), unit));
    m_message->setFont(look::sized(font(), unit, true));
    m_mode->setFont(look::sized(font(), unit * 8 / 10));
    m_note->setFont(look::sized(font(), unit * 9 / 10));
    for (QPushButton* b : {m_switchMode, m_reprint, m_orders, m_manager, m_lock, m_phone})
        b->setFont(look::fitted(font(), b->text(), width() / 2 - 24, unit * 8 / 10));
}

} // namespace counterpay::ui
