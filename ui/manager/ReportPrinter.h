#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QImage>
#include <QString>
#include <QStringList>

namespace counterpay::ui {

// Puts a report on paper: a title, its lines (ReportFormat's text) and an optional picture (the day's
// chart) on an A4 page, as a PDF file. A report is a page a manager files or prints later, so it is
// a PDF in the receipts' folder rather than a roll of the receipt printer.
class ReportPrinter
{
    Q_DECLARE_TR_FUNCTIONS(ReportPrinter)

public:
    // Writes the PDF to `path` (its folder is made); returns the path.
    static Result<QString> toPdf(const QString& path, const QString& title, const QStringList& lines,
                                 const QImage& picture = {});
    // `folder`/`name`.pdf, or `name`-2.pdf, -3 ... when taken: a report printed twice keeps both.
    static QString freePath(const QString& folder, const QString& name);
};

} // namespace counterpay::ui
