#include "cashier/StatusStrip.h"

#include "cashier/Look.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace counterpay::ui {

namespace {

void paint(QWidget* widget, const QColor& background, const QColor& text)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::Window, background);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Button, background);
    palette.setColor(QPalette::ButtonText, text);
    widget->setPalette(palette);
    widget->setAutoFillBackground(background.isValid());
}

} // namespace

StatusStrip::StatusStrip(QWidget* parent)
    : QWidget(parent)
{
    m_environment = new QLabel(this);
    m_environment->setObjectName(QStringLiteral("environmentBadge"));
    m_environment->setMargin(4);
    QFont bold = font();
    bold.setBold(true);
    m_environment->setFont(bold);
    m_gateway = new QLabel(this);
    m_gateway->setObjectName(QStringLiteral("gatewayState"));
    m_attention = new QPushButton(this);
    m_attention->setObjectName(QStringLiteral("attentionButton"));
    m_attention->setFocusPolicy(Qt::NoFocus);
    m_attention->setFlat(true);
    connect(m_attention, &QPushButton::clicked, this, &StatusStrip::attentionClicked);
    m_backup = new QLabel(this);
    m_backup->setObjectName(QStringLiteral("backupState"));
    m_backup->setMargin(4);
    m_backup->hide();
    m_counter = new QLabel(this);
    m_counter->setObjectName(QStringLiteral("counterLabel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_environment);
    layout->addWidget(m_gateway);
    layout->addWidget(m_attention);
    layout->addWidget(m_backup);
    layout->addStretch(1);
    layout->addWidget(m_counter);
    setReachable(true, QString());
    setAttention(0);
}

void StatusStrip::setEnvironment(bool sandbox, const QString& gateway)
{
    m_environment->setText(sandbox ? tr("SANDBOX: no real money") : tr("PRODUCTION"));
    m_environment->setToolTip(gateway);
    m_environment->setAccessibleName(m_environment->text());
    paint(m_environment, sandbox ? look::kSandbox : look::kProduction, Qt::white);
}

QString StatusStrip::environmentText() const
{
    return m_environment->text();
}

void StatusStrip::setReachable(bool reachable, const QString& detail)
{
    m_gateway->setText(reachable ? tr("● Gateway reachable") : tr("● Gateway unreachable"));
    m_gateway->setToolTip(detail);
    m_gateway->setAccessibleName(m_gateway->text());
    paint(m_gateway, QColor(), reachable ? look::kPaid : look::kFailed);
}

void StatusStrip::setAttention(int orders)
{
    m_attentionCount = orders;
    m_attention->setText(tr("Orders needing attention: %1").arg(orders));
    m_attention->setAccessibleName(m_attention->text());
    paint(m_attention, orders > 0 ? look::kTrouble : QColor(),
          orders > 0 ? Qt::black : palette().color(QPalette::WindowText));
}

void StatusStrip::setBackup(bool warn, const QString& text, const QString& detail)
{
    m_backupWarns = warn && !text.isEmpty();
    m_backup->setText(text);
    m_backup->setToolTip(detail);
    m_backup->setAccessibleName(text);
    m_backup->setVisible(!text.isEmpty());
    paint(m_backup, m_backupWarns ? look::kTrouble : QColor(),
          m_backupWarns ? Qt::black : palette().color(QPalette::WindowText));
}

QString StatusStrip::backupText() const
{
    return m_backup->isVisibleTo(this) ? m_backup->text() : QString();
}

void StatusStrip::setCounter(const QString& terminal, const QString& cashier)
{
    m_counter->setText(cashier.isEmpty() ? tr("Terminal %1").arg(terminal)
                                         : tr("Terminal %1 · Cashier %2").arg(terminal, cashier));
}

} // namespace counterpay::ui
