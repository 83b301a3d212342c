#include "manager/ReportPrinter.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace counterpay::ui {

QString ReportPrinter::freePath(const QString& folder, const QString& name)
{
    const QDir dir(folder);
    QString path = dir.filePath(name + QStringLiteral(".pdf"));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.filePath(QStringLiteral("%1-%2.pdf").arg(name).arg(n));
    return path;
}

Result<QString> ReportPrinter::toPdf(const QString& path, const QString& title, const QStringList& lines,
                                     const QImage& picture)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error::storage(tr("Cannot make the folder %1 for the report.").arg(QFileInfo(path).absolutePath()));
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(150);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("CounterPay"));
    QPainter painter;
    if (!painter.begin(&writer))
        return Error::storage(tr("Cannot write the report to %1.").arg(path));
    const QRect page = painter.viewport().adjusted(90, 90, -90, -90);
    QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    font.setPointSize(16);
    font.setBold(true);
    painter.setFont(font);
    int y = page.top();
    painter.drawText(QRect(page.left(), y, page.width(), 80), Qt::AlignLeft | Qt::AlignVCenter, title);
    y += 100;
    // Monospaced, so the report's columns stay in line.
    QFont body = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    body.setPointSize(9);
    painter.setFont(body);
    const int lineHeight = painter.fontMetrics().lineSpacing();
    for (const QString& line : lines) {
        if (y + lineHeight > page.bottom()) {
            writer.newPage();
            y = page.top();
        }
        painter.drawText(page.left(), y + painter.fontMetrics().ascent(), line);
        y += lineHeight;
    }
    if (!picture.isNull()) {
        const QSize size = picture.size().scaled(page.width(), page.height() / 2, Qt::KeepAspectRatio);
        if (y + size.height() + 30 > page.bottom()) {
            writer.newPage();
            y = page.top();
        }
        painter.drawImage(QRect(QPoint(page.left(), y + 30), size), picture);
    }
    if (!painter.end())
        return Error::storage(tr("Cannot write the report to %1.").arg(path));
    return path;
}

} // namespace counterpay::ui
