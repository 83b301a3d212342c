#include "setup/FirstRunDialog.h"

#include "cashier/Look.h"
#include "common/ApplicationIcon.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

FirstRunDialog::FirstRunDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("firstRunDialog"));
    setWindowTitle(QStringLiteral("CounterPay"));
    setFont(look::sized(font(), 18));
    auto* icon = new QLabel(this);
    icon->setPixmap(applicationIcon().pixmap(96, 96));
    auto* title = new QLabel(tr("Welcome to CounterPay"), this);
    title->setFont(look::sized(font(), 34, true));
    auto* text = new QLabel(tr("This computer has no counter set up yet. Try the demo first: a pretend Alipay "
                               "runs on this computer and no real money moves. When you have your app id and "
                               "keys from Alipay's console, set up the counter for real payments."),
                            this);
    text->setWordWrap(true);
    auto* demo = new QPushButton(tr("Try the demo"), this);
    demo->setObjectName(QStringLiteral("firstRunDemo"));
    auto* setup = new QPushButton(tr("Set up for real payments…"), this);
    setup->setObjectName(QStringLiteral("firstRunSetup"));
    for (QPushButton* button : {demo, setup}) {
        button->setFont(look::sized(font(), 22, button == demo));
        button->setMinimumHeight(72);
        button->setAutoDefault(false);
    }
    demo->setDefault(true);
    connect(demo, &QPushButton::clicked, this, [this] {
        m_choice = Choice::Demo;
        accept();
    });
    connect(setup, &QPushButton::clicked, this, [this] {
        m_choice = Choice::Setup;
        accept();
    });

    auto* header = new QHBoxLayout;
    header->addWidget(icon);
    header->addWidget(title, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(demo, 1);
    buttons->addWidget(setup, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->setSpacing(24);
    layout->addLayout(header);
    layout->addWidget(text);
    layout->addStretch(1);
    layout->addLayout(buttons);
    demo->setFocus();
    resize(820, 440);
}

} // namespace counterpay::ui
