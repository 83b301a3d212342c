#include "manager/DayClosePage.h"

#include "alipay/ChinaTime.h"
#include "cashier/Look.h"
#include "manager/HourlyChart.h"
#include "manager/ReportPrinter.h"
#include "payment/Till.h"
#include "report/ReportFormat.h"

#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

namespace counterpay::ui {

namespace {

QString yuan(Money amount)
{
    return QStringLiteral("¥ ") + amount.toString();
}

} // namespace

DayClosePage::DayClosePage(payment::Till& till, ManagerApproval approval, QWidget* parent)
    : QWidget(parent)
    , m_till(till)
    , m_approval(std::move(approval))
{
    setObjectName(QStringLiteral("dayClosePage"));
    m_day = new QDateEdit(alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc()), this);
    m_day->setCalendarPopup(true);
    m_day->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_day->setAccessibleName(tr("Business day"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("dayStatus"));
    m_status->setFont(look::sized(font(), 20, true));
    m_status->setWordWrap(true);
    m_numbers = new QLabel(this);
    m_numbers->setWordWrap(true);
    m_numbers->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableWidget(3, 7, this);
    m_table->setObjectName(QStringLiteral("dayFigures"));
    m_table->setHorizontalHeaderLabels(
        {tr("Payments"), tr("Taken"), tr("Not paid"), tr("Still open"), tr("Refunds"), tr("Refunded"), tr("Net")});
    m_table->setVerticalHeaderLabels({tr("QR code"), tr("Payment code"), tr("All")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + 3 * 40);
    for (int row = 0; row < 3; ++row)
        m_table->setRowHeight(row, 38);
    m_chart = new HourlyChart(this);
    m_close = new QPushButton(tr("Close the day (manager's PIN)"), this);
    m_close->setObjectName(QStringLiteral("dayCloseButton"));
    m_print = new QPushButton(tr("Print"), this);
    m_print->setObjectName(QStringLiteral("dayPrintButton"));
    m_export = new QPushButton(tr("Export CSV (manager's PIN)"), this);
    m_export->setObjectName(QStringLiteral("dayExportButton"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Business day"), this));
    top->addWidget(m_day);
    top->addStretch(1);
    top->addWidget(m_print);
    top->addWidget(m_export);
    top->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_table);
    layout->addWidget(m_numbers);
    layout->addWidget(m_chart, 1);

    connect(m_day, &QDateEdit::dateChanged, this, &DayClosePage::refresh);
    connect(m_close, &QPushButton::clicked, this, &DayClosePage::closeDay);
    connect(m_print, &QPushButton::clicked, this, [this] {
        auto printed = print();
        m_status->setText(printed ? tr("Printed to %1").arg(*printed) : printed.error().message());
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the day"),
            QDir(folder).filePath(QStringLiteral("counterpay-%1.csv").arg(day().toString(Qt::ISODate))),
            tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        auto exported = exportCsv(path);
        m_status->setText(exported ? tr("Exported to %1").arg(*exported) : exported.error().message());
    });
    // Only while shown: a hidden tab reads its figures when it is opened (ManagerWindow), not on every
    // payment the counter takes meanwhile.
    connect(&m_till, &payment::Till::orderChanged, this, [this] {
        if (isVisible())
            refresh();
    });
    refresh();
}

void DayClosePage::setDay(QDate day)
{
    m_day->setDate(day);
    refresh();
}

QDate DayClosePage::day() const
{
    return m_day->date();
}

QString DayClosePage::status() const
{
    return m_status->text();
}

void DayClosePage::refresh()
{
    auto figures = m_till.dayReport(day());
    if (!figures) {
        m_figures.reset();
        m_status->setText(figures.error().message());
        return;
    }
    m_figures = *figures;
    showFigures();
    auto before = m_till.dayReport(day().addDays(-1));
    if (before)
        m_chart->showDays(*figures, *before);
}

void DayClosePage::showFigures()
{
    const report::DayReport& figures = *m_figures;
    const report::DayReport::Totals* rows[] = {&figures.qr, &figures.barcode, &figures.all};
    for (int row = 0; row < 3; ++row) {
        const report::DayReport::Totals& t = *rows[row];
        const QStringList cells{QString::number(t.paid.count),
                                yuan(t.paid.amount),
                                QString::number(t.notPaid),
                                QString::number(t.open),
                                QString::number(t.refunds.count),
                                yuan(t.refunds.amount),
                                yuan(t.net())};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (row == 2)
                item->setFont(look::sized(font(), font().pixelSize() > 0 ? font().pixelSize() : 16, true));
            m_table->setItem(row, column, item);
        }
    }
    m_numbers->setText(figures.ordersCreated() == 0
                           ? tr("No orders on this day.")
                           : tr("%n order(s) created, numbers %1 to %2.", nullptr, int(figures.ordersCreated()))
                                 .arg(figures.firstOutTradeNo, figures.lastOutTradeNo));
    auto closed = m_till.dayClose(day());
    const bool isClosed = closed && closed->has_value();
    if (!closed)
        m_status->setText(closed.error().message());
    else if (isClosed)
        m_status->setText(tr("Closed by %1 at %2. No more payments are taken on this day.")
                              .arg((*closed)->closedBy,
                                   alipay::ChinaTime::of((*closed)->closedAt).toString(QStringLiteral("MM-dd HH:mm"))));
    else if (figures.all.open > 0)
        m_status->setText(tr("Open. %n order(s) of this day are not settled yet: look at them in Orders before "
                             "closing.",
                             nullptr, int(figures.all.open)));
    else
        m_status->setText(tr("Open. Net ¥ %1 so far.").arg(figures.all.net().toString()));
    m_status->setStyleSheet(
        QStringLiteral("color: %1").arg(isClosed ? look::kPaid.name() : palette().text().color().name()));
    m_close->setEnabled(closed && !isClosed && day() <= alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc()));
}

bool DayClosePage::closeDay()
{
    const auto manager = m_approval(this, tr("Close business day %1").arg(day().toString(Qt::ISODate)));
    if (!manager) {
        m_status->setText(tr("Not closed: a manager's approval is needed."));
        return false;
    }
    auto closed = m_till.closeDay(day(), *manager);
    if (!closed) {
        m_status->setText(closed.error().message());
        return false;
    }
    refresh();
    emit dayClosed(day());
    return true;
}

Result<QString> DayClosePage::print()
{
    if (!m_figures)
        return Error::input(tr("There are no figures to print."));
    const QString folder = m_till.settings().receipt.pdfFolderOrDefault();
    const QString path = ReportPrinter::freePath(folder, QStringLiteral("day-%1").arg(day().toString(Qt::ISODate)));
    const QImage chart = m_chart->grab().toImage();
    return ReportPrinter::toPdf(path, tr("Day report %1").arg(day().toString(Qt::ISODate)),
                                report::ReportFormat::toText(*m_figures), chart);
}

Result<QString> DayClosePage::exportCsv(const QString& path)
{
    if (!m_figures)
        return Error::input(tr("There are no figures to export."));
    const auto manager = m_approval(this, tr("Export business day %1").arg(day().toString(Qt::ISODate)));
    if (!manager)
        return Error::input(tr("Not exported: a manager's approval is needed."));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::storage(tr("Cannot write %1: %2").arg(path, file.errorString()));
    file.write(report::ReportFormat::toCsv(*m_figures));
    if (!file.commit())
        return Error::storage(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return path;
}

} // namespace counterpay::ui
