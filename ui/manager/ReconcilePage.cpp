#include "manager/ReconcilePage.h"

#include "alipay/ChinaTime.h"
#include "cashier/Look.h"
#include "payment/Till.h"

#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace counterpay::ui {

ReconcilePage::ReconcilePage(payment::Till& till, QWidget* parent)
    : QWidget(parent)
    , m_till(till)
{
    setObjectName(QStringLiteral("reconcilePage"));
    // Alipay's bill of a day is ready the next morning: yesterday is what a manager reconciles.
    m_day = new QDateEdit(alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc()).addDays(-1), this);
    m_day->setCalendarPopup(true);
    m_day->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_day->setAccessibleName(tr("Business day"));
    m_go = new QPushButton(tr("Compare with Alipay's bill"), this);
    m_go->setObjectName(QStringLiteral("reconcileGo"));
    m_summary = new QLabel(tr("Choose a day and compare it with the trade bill Alipay keeps for it."), this);
    m_summary->setObjectName(QStringLiteral("reconcileSummary"));
    m_summary->setWordWrap(true);
    m_summary->setFont(look::sized(font(), 20, true));
    // A table, so that a difference's words and its action wrap in their columns instead of being cut.
    m_mismatches = new QTableWidget(0, 5, this);
    m_mismatches->setObjectName(QStringLiteral("reconcileMismatches"));
    m_mismatches->setWordWrap(true);
    m_mismatches->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_mismatches->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_mismatches->verticalHeader()->hide();
    m_mismatches->setHorizontalHeaderLabels(
        {tr("Order no."), tr("What differs"), tr("Alipay"), tr("Book"), tr("What to do")});
    m_mismatches->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_mismatches->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_mismatches->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    m_mismatches->setAccessibleName(tr("Differences"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Business day"), this));
    top->addWidget(m_day);
    top->addWidget(m_go);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_mismatches, 1);
    connect(m_go, &QPushButton::clicked, this, &ReconcilePage::start);
}

void ReconcilePage::setDay(QDate day)
{
    m_day->setDate(day);
}

int ReconcilePage::mismatchRows() const
{
    return m_mismatches->rowCount();
}

QString ReconcilePage::summary() const
{
    return m_summary->text();
}

void ReconcilePage::start()
{
    if (m_running)
        return;
    m_running = true;
    m_go->setEnabled(false);
    m_report.reset();
    m_mismatches->setRowCount(0);
    m_summary->setText(tr("Downloading Alipay's bill of %1…").arg(m_day->date().toString(Qt::ISODate)));
    QPointer<ReconcilePage> self(this);
    m_till.reconcile(m_day->date(), [self](const Result<reconcile::ReconcileReport>& report) {
        if (self)
            self->showReport(report);
    });
}

void ReconcilePage::showReport(const Result<reconcile::ReconcileReport>& report)
{
    m_running = false;
    m_go->setEnabled(true);
    if (!report) {
        m_summary->setText(report.error().message());
        emit reconciled();
        return;
    }
    m_report = *report;
    m_summary->setText(report->summary());
    m_summary->setStyleSheet(
        QStringLiteral("color: %1").arg(report->agrees() ? look::kPaid.name() : look::kFailed.name()));
    const auto amount = [](const std::optional<Money>& money) {
        return money ? QStringLiteral("¥ ") + money->toString() : QString();
    };
    m_mismatches->setRowCount(int(report->mismatches.size()));
    for (int row = 0; row < report->mismatches.size(); ++row) {
        const reconcile::Mismatch& mismatch = report->mismatches.at(row);
        const QString number = mismatch.outRequestNo.isEmpty()
                                   ? mismatch.outTradeNo
                                   : mismatch.outTradeNo + QLatin1Char('\n') + mismatch.outRequestNo;
        const QStringList cells{number, mismatch.description, amount(mismatch.alipayAmount),
                                amount(mismatch.bookAmount), mismatch.action};
        for (int column = 0; column < cells.size(); ++column)
            m_mismatches->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    m_mismatches->resizeRowsToContents();
    emit reconciled();
}

} // namespace counterpay::ui
