#pragma once

#include "report/DayReport.h"

#include <QChartView>

class QBarSet;

namespace counterpay::ui {

// Money taken per hour of a business day (China time), beside the same hours of the day before, as
// bars: when the shop is busy, and whether today is like yesterday.
class HourlyChart : public QChartView
{
    Q_OBJECT

public:
    explicit HourlyChart(QWidget* parent = nullptr);

    void showDays(const report::DayReport& day, const report::DayReport& before);
    // The bar heights shown, in fen, for tests: [0] the day, [1] the day before.
    QList<qint64> heights(int set) const;
};

} // namespace counterpay::ui
