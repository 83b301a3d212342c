#include "manager/ShiftPage.h"

#include "alipay/ChinaTime.h"
#include "cashier/Look.h"
#include "manager/ReportPrinter.h"
#include "payment/Till.h"
#include "report/ReportFormat.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

ShiftPage::ShiftPage(payment::Till& till, QWidget* parent)
    : QWidget(parent)
    , m_till(till)
{
    setObjectName(QStringLiteral("shiftPage"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("shiftStatus"));
    m_status->setWordWrap(true);
    m_status->setFont(look::sized(font(), 20, true));
    m_slip = new QPlainTextEdit(this);
    m_slip->setObjectName(QStringLiteral("shiftSlip"));
    m_slip->setReadOnly(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPixelSize(18);
    m_slip->setFont(mono);
    m_handOver = new QPushButton(tr("Hand over the shift"), this);
    m_handOver->setObjectName(QStringLiteral("handOverButton"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_slip, 1);
    layout->addWidget(m_handOver, 0, Qt::AlignRight);
    connect(m_handOver, &QPushButton::clicked, this, [this] {
        auto done = handOver();
        if (!done)
            m_status->setText(done.error().message());
    });
    // Only while shown: a hidden tab reads its figures when it is opened (ManagerWindow), not on every
    // payment the counter takes meanwhile.
    connect(&m_till, &payment::Till::orderChanged, this, [this] {
        if (isVisible())
            refresh();
    });
    refresh();
}

QString ShiftPage::slipText() const
{
    return m_slip->toPlainText();
}

void ShiftPage::refresh()
{
    const auto& shift = m_till.shift();
    m_handOver->setEnabled(shift.has_value());
    if (!shift) {
        m_status->setText(tr("Nobody is signed in at this counter, so there is no shift to hand over. Once the "
                             "shop's people are set up (counterpay-cli people add), each signs in at start and hands "
                             "over here."));
        m_slip->clear();
        return;
    }
    auto figures = m_till.shiftReport(*shift);
    if (!figures) {
        m_status->setText(figures.error().message());
        return;
    }
    m_status->setText(
        tr("%1 since %2")
            .arg(shift->person, alipay::ChinaTime::of(shift->startedAt).toString(QStringLiteral("MM-dd HH:mm"))));
    m_slip->setPlainText(report::ReportFormat::toText(*figures).join(QLatin1Char('\n')));
}

Result<QString> ShiftPage::handOver()
{
    if (!m_till.shift())
        return Error::input(tr("Nobody is signed in at this counter."));
    const people::Shift open = *m_till.shift();
    auto ended = m_till.handOver();
    if (!ended)
        return ended.error();
    // The slip of the ended shift: its figures up to the handover.
    auto figures = m_till.shiftReport(*ended);
    if (!figures)
        return figures.error();
    const QStringList lines = report::ReportFormat::toText(*figures);
    m_slip->setPlainText(lines.join(QLatin1Char('\n')));
    const QString name =
        QStringLiteral("shift-%1-%2")
            .arg(open.terminalId, alipay::ChinaTime::of(ended->endedAt).toString(QStringLiteral("yyyyMMdd-HHmm")));
    auto printed = ReportPrinter::toPdf(ReportPrinter::freePath(m_till.settings().receipt.pdfFolderOrDefault(), name),
                                        tr("Shift handover: %1").arg(open.person), lines);
    m_handOver->setEnabled(false);
    m_status->setText(
        printed ? tr("%1 handed over. Slip: %2").arg(open.person, *printed)
                : tr("%1 handed over; the slip was not printed: %2").arg(open.person, printed.error().message()));
    emit handedOver(open.person);
    return printed;
}

} // namespace counterpay::ui
