#include "manager/HourlyChart.h"

#include "cashier/Look.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QValueAxis>

namespace counterpay::ui {

HourlyChart::HourlyChart(QWidget* parent)
    : QChartView(parent)
{
    setObjectName(QStringLiteral("hourlyChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(240);
    chart()->legend()->setAlignment(Qt::AlignTop);
    chart()->setMargins(QMargins(4, 4, 4, 4));
}

void HourlyChart::showDays(const report::DayReport& day, const report::DayReport& before)
{
    chart()->removeAllSeries(); // deletes them
    // removeAxis gives the axis back to us: deleted here, or every refresh would leak two.
    for (QAbstractAxis* axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
    auto* today = new QBarSet(day.day.toString(QStringLiteral("MM-dd")));
    auto* yesterday = new QBarSet(before.day.toString(QStringLiteral("MM-dd")));
    today->setColor(look::kWaiting);
    yesterday->setColor(QColor(0xB0, 0xBE, 0xC5));
    QStringList hours;
    qint64 highest = 0;
    for (std::size_t hour = 0; hour < day.hourly.size(); ++hour) {
        // A bar's height is a picture of the amount, never money that is computed with: yuan as a
        // number is fine here, and only here.
        *today << double(day.hourly[hour].amount.fen()) / 100.0;
        *yesterday << double(before.hourly[hour].amount.fen()) / 100.0;
        highest = std::max({highest, day.hourly[hour].amount.fen(), before.hourly[hour].amount.fen()});
        hours << QString::number(hour);
    }
    auto* series = new QBarSeries;
    series->append(yesterday);
    series->append(today);
    chart()->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(hours);
    x->setTitleText(tr("Hour (China time)"));
    auto* y = new QValueAxis;
    y->setRange(0, highest > 0 ? double(highest) / 100.0 * 1.1 : 1.0);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTitleText(tr("Taken (¥)"));
    chart()->addAxis(x, Qt::AlignBottom);
    chart()->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart()->setTitle(tr("Money taken per hour"));
}

QList<qint64> HourlyChart::heights(int set) const
{
    QList<qint64> fen;
    const auto series = chart()->series();
    if (series.isEmpty())
        return fen;
    auto* bars = qobject_cast<QBarSeries*>(series.first());
    const QBarSet* chosen = bars->barSets().value(set == 0 ? 1 : 0);
    if (!chosen)
        return fen;
    for (int i = 0; i < chosen->count(); ++i)
        fen.append(qRound64(chosen->at(i) * 100.0));
    return fen;
}

} // namespace counterpay::ui
