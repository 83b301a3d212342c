#include "cashier/ResultPage.h"

#include "cashier/Look.h"

#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

namespace counterpay::ui {

// The large mark: a filled circle with a drawn symbol, so it reads from across the counter.
class ResultMark : public QWidget
{
public:
    explicit ResultMark(QWidget* parent)
        : QWidget(parent)
    {
        setMinimumSize(80, 80);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }

    void setOutcome(ResultPage::Outcome outcome)
    {
        m_outcome = outcome;
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const int side = std::min(width(), height()) - 8;
        const QRectF circle((width() - side) / 2.0, (height() - side) / 2.0, side, side);
        QColor colour = look::kPaid;
        if (m_outcome == ResultPage::Outcome::NotPaid)
            colour = look::kFailed;
        else if (m_outcome == ResultPage::Outcome::Refunded || m_outcome == ResultPage::Outcome::Unconfirmed)
            colour = look::kTrouble;
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(circle);
        QPen pen(Qt::white, side / 10.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        const auto at = [&](double x, double y) { return QPointF(circle.left() + x * side, circle.top() + y * side); };
        QPainterPath path;
        switch (m_outcome) {
        case ResultPage::Outcome::Paid:
            path.moveTo(at(0.27, 0.52));
            path.lineTo(at(0.44, 0.68));
            path.lineTo(at(0.74, 0.36));
            break;
        case ResultPage::Outcome::NotPaid:
            path.moveTo(at(0.32, 0.32));
            path.lineTo(at(0.68, 0.68));
            path.moveTo(at(0.68, 0.32));
            path.lineTo(at(0.32, 0.68));
            break;
        case ResultPage::Outcome::Refunded:
            path.moveTo(at(0.70, 0.62));
            path.arcTo(QRectF(at(0.30, 0.30), at(0.70, 0.62)), 0, 180);
            path.moveTo(at(0.30, 0.46));
            path.lineTo(at(0.22, 0.36));
            path.moveTo(at(0.30, 0.46));
            path.lineTo(at(0.40, 0.38));
            break;
        case ResultPage::Outcome::Unconfirmed:
            path.moveTo(at(0.38, 0.36));
            path.cubicTo(at(0.38, 0.22), at(0.64, 0.22), at(0.63, 0.37));
            path.cubicTo(at(0.62, 0.48), at(0.50, 0.48), at(0.50, 0.60));
            path.moveTo(at(0.50, 0.73));
            path.lineTo(at(0.50, 0.735));
            break;
        }
        painter.drawPath(path);
    }

private:
    ResultPage::Outcome m_outcome = ResultPage::Outcome::Paid;
};

ResultPage::ResultPage(QWidget* parent)
    : QWidget(parent)
{
    m_mark = new ResultMark(this);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("resultHeadline"));
    m_amount = new QLabel(this);
    m_amount->setObjectName(QStringLiteral("resultAmount"));
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("resultDetails"));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_advice = new QLabel(this);
    m_advice->setObjectName(QStringLiteral("resultAdvice"));
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("resultNotice"));
    m_hint = new QLabel(tr("Type the next amount, or press any key"), this);
    for (QLabel* label : {m_headline, m_amount, m_details, m_advice, m_notice, m_hint}) {
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_mark, 4);
    layout->addWidget(m_headline);
    layout->addWidget(m_amount);
    layout->addWidget(m_details);
    layout->addWidget(m_advice);
    layout->addWidget(m_notice);
    layout->addStretch(1);
    layout->addWidget(m_hint);
}

void ResultPage::showOutcome(Outcome outcome, const QString& headline, Money amount, const QString& details,
                             const QString& advice)
{
    m_outcome = outcome;
    m_mark->setOutcome(outcome);
    m_headline->setText(headline);
    m_amount->setText(QStringLiteral("¥ ") + amount.toString());
    m_amount->setFont(look::fitted(font(), m_amount->text(), width() - 32, m_amount->font().pixelSize(), true));
    m_details->setText(details);
    m_details->setVisible(!details.isEmpty());
    m_advice->setText(advice);
    m_advice->setVisible(!advice.isEmpty());
    setNotice(QString());
    QPalette palette = m_headline->palette();
    palette.setColor(QPalette::WindowText, outcome == Outcome::Paid      ? look::kPaid
                                           : outcome == Outcome::NotPaid ? look::kFailed
                                                                         : look::kTrouble);
    m_headline->setPalette(palette);
    setAccessibleDescription(headline + u' ' + amount.toString());
}

void ResultPage::setNotice(const QString& notice)
{
    m_notice->setText(notice);
    m_notice->setVisible(!notice.isEmpty());
}

QString ResultPage::headline() const
{
    return m_headline->text();
}

void ResultPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const int unit = std::clamp(height() / 16, 14, 56);
    m_headline->setFont(look::sized(font(), unit * 3 / 2, true));
    m_amount->setFont(look::fitted(font(), m_amount->text(), width() - 32, unit * 2, true));
    m_details->setFont(look::sized(font(), unit * 6 / 10));
    m_advice->setFont(look::sized(font(), unit * 8 / 10, true));
    m_notice->setFont(look::sized(font(), unit * 7 / 10, true));
    m_hint->setFont(look::sized(font(), unit * 6 / 10));
}

} // namespace counterpay::ui
