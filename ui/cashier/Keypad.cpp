#include "cashier/Keypad.h"

#include "cashier/Look.h"

#include <QGridLayout>
#include <QPushButton>

namespace counterpay::ui {

Keypad::Keypad(QWidget* parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Keypad"));
    auto* grid = new QGridLayout(this);
    grid->setSpacing(8);
    grid->setContentsMargins(0, 0, 0, 0);
    const int rows[4][3] = {{7, 8, 9}, {4, 5, 6}, {1, 2, 3}, {0, -1, -2}};
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 3; ++c) {
            const int key = rows[r][c];
            QPushButton* b = nullptr;
            if (key >= 0) {
                b = button(QString::number(key), QString::number(key));
                connect(b, &QPushButton::clicked, this, [this, key] { emit digit(key); });
            } else if (key == -1) {
                b = button(QStringLiteral("."), tr("Decimal point"));
                connect(b, &QPushButton::clicked, this, &Keypad::point);
            } else {
                b = button(QStringLiteral("⌫"), tr("Delete last digit"));
                connect(b, &QPushButton::clicked, this, &Keypad::backspace);
            }
            grid->addWidget(b, r, c);
        }
    }
    QPushButton* clearButton = button(tr("Clear (Del)"), tr("Clear the amount"));
    connect(clearButton, &QPushButton::clicked, this, &Keypad::clear);
    grid->addWidget(clearButton, 4, 0, 1, 3);
    m_enter = button(tr("Charge (Enter)"), tr("Charge this amount"));
    m_enter->setObjectName(QStringLiteral("chargeButton"));
    QPalette palette = m_enter->palette();
    palette.setColor(QPalette::Button, look::kWaiting);
    palette.setColor(QPalette::ButtonText, Qt::white);
    m_enter->setPalette(palette);
    m_enter->setAutoFillBackground(true);
    connect(m_enter, &QPushButton::clicked, this, &Keypad::enter);
    grid->addWidget(m_enter, 5, 0, 2, 3);
    for (int r = 0; r < 7; ++r)
        grid->setRowStretch(r, 1);
}

QPushButton* Keypad::button(const QString& text, const QString& accessibleName)
{
    auto* b = new QPushButton(text, this);
    b->setFocusPolicy(Qt::NoFocus);
    b->setAccessibleName(accessibleName);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_buttons.append(b);
    return b;
}

void Keypad::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const int pixels = std::clamp(height() / 14, 14, 44);
    for (QPushButton* b : std::as_const(m_buttons))
        b->setFont(look::sized(font(), b == m_enter ? pixels * 9 / 10 : pixels, b == m_enter));
}

} // namespace counterpay::ui
