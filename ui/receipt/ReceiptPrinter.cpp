#include "receipt/ReceiptPrinter.h"

#include "receipt/QrCode.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QPrinter>
#include <QPrinterInfo>

#include <vector>

namespace counterpay::ui {

using receipt::Receipt;
using receipt::ReceiptField;

namespace {

struct PaperSpec
{
    double pageWidthMm;
    double contentWidthMm; // centred on the page
    double fontPt;
    double qrMm;
    double marginMm; // top and bottom
};

PaperSpec specFor(ReceiptPrinter::Paper paper)
{
    switch (paper) {
    case ReceiptPrinter::Paper::Roll58:
        return {58, 50, 8, 26, 4};
    case ReceiptPrinter::Paper::Roll80:
        return {80, 72, 9.5, 32, 4};
    case ReceiptPrinter::Paper::A4:
        break;
    }
    return {210, 110, 11, 40, 15};
}

constexpr double kA4HeightMm = 297;

// What goes where, measured on the device before a page exists: a roll's page is as tall as this.
// Units are the device's pixels.
class Layout
{
public:
    Layout(const Receipt& receipt, const PaperSpec& spec, const QPaintDevice& device)
        : m_device(device)
        , m_pxPerMm(device.logicalDpiY() / 25.4)
        , m_width(spec.contentWidthMm * m_pxPerMm)
    {
        const QString family = ReceiptPrinter::fontFamily();
        m_normal = QFont(family);
        m_normal.setPointSizeF(spec.fontPt);
        // Without shaping each character is drawn with the glyph the font's cmap gives it. Shaped,
        // Noto CJK swaps the digits in a Latin run ("SH001") for alternate glyphs that no code point
        // maps to, and Qt 6.4's PDF writer then leaves them out of the text a PDF reader extracts.
        m_normal.setStyleStrategy(QFont::PreferNoShaping);
        m_normal.setKerning(false);
        QFont title = m_normal;
        title.setPointSizeF(spec.fontPt * 1.3);
        title.setBold(true);
        QFont bold = m_normal;
        bold.setBold(true);
        QFont amount = m_normal;
        amount.setPointSizeF(spec.fontPt * 2);
        amount.setBold(true);

        addWrapped(receipt.storeTitle, title, Qt::AlignHCenter);
        addLine(receipt.heading(), m_normal, Qt::AlignHCenter);
        if (receipt.reprint)
            addLine(receipt.reprintMarker(), bold, Qt::AlignHCenter);
        for (const QList<ReceiptField>& section : receipt.fields()) {
            addRule();
            for (const ReceiptField& field : section) {
                if (field.emphasised) {
                    addLine(field.label, m_normal, Qt::AlignLeft);
                    addWrapped(field.value, amount, Qt::AlignHCenter);
                } else {
                    addRow(field);
                }
            }
        }
        addRule();
        addQr(receipt.qrText(), spec.qrMm * m_pxPerMm);
    }

    double height() const { return m_y; }

    void paint(QPainter& painter) const
    {
        painter.setPen(QPen(Qt::black, 0.2 * m_pxPerMm));
        for (const Item& item : m_items) {
            switch (item.kind) {
            case Item::Kind::Text:
                painter.setFont(item.font);
                painter.drawText(item.rect, int(item.align | Qt::AlignVCenter) | int(Qt::TextSingleLine), item.text);
                break;
            case Item::Kind::Rule:
                painter.drawLine(item.rect.topLeft(), item.rect.topRight());
                break;
            case Item::Kind::Dark:
                painter.fillRect(item.rect, Qt::black);
                break;
            }
        }
    }

private:
    struct Item
    {
        enum class Kind
        {
            Text,
            Rule,
            Dark, // a run of dark QR modules
        };
        Kind kind;
        QRectF rect;
        QString text;
        QFont font;
        Qt::Alignment align;
    };

    double advance(const QFont& font, const QString& text) const
    {
        return QFontMetricsF(font, &m_device).horizontalAdvance(text);
    }

    // `text` cut into lines no wider than `width`, never inside a character (or a surrogate pair).
    QStringList wrap(const QString& text, const QFont& font, double width) const
    {
        QStringList lines;
        QString line;
        for (qsizetype i = 0; i < text.size();) {
            const qsizetype length = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
            const QString next = text.mid(i, length);
            if (!line.isEmpty() && advance(font, line + next) > width) {
                lines.append(line);
                line.clear();
            }
            line += next;
            i += length;
        }
        if (!line.isEmpty() || lines.isEmpty())
            lines.append(line);
        return lines;
    }

    double lineHeight(const QFont& font) const { return QFontMetricsF(font, &m_device).lineSpacing() * 1.15; }

    void addLine(const QString& text, const QFont& font, Qt::Alignment align)
    {
        const double height = lineHeight(font);
        m_items.push_back({Item::Kind::Text, QRectF(0, m_y, m_width, height), text, font, align});
        m_y += height;
    }

    void addWrapped(const QString& text, const QFont& font, Qt::Alignment align)
    {
        for (const QString& line : wrap(text, font, m_width))
            addLine(line, font, align);
    }

    // Label left, value right on one line when both fit with a gap; else the value on lines of its
    // own, right-aligned (a 28-digit trade number on 58 mm).
    void addRow(const ReceiptField& field)
    {
        const double gap = advance(m_normal, QStringLiteral("  "));
        if (advance(m_normal, field.label) + gap + advance(m_normal, field.value) <= m_width) {
            const double height = lineHeight(m_normal);
            const QRectF rect(0, m_y, m_width, height);
            m_items.push_back({Item::Kind::Text, rect, field.label, m_normal, Qt::AlignLeft});
            m_items.push_back({Item::Kind::Text, rect, field.value, m_normal, Qt::AlignRight});
            m_y += height;
            return;
        }
        addWrapped(field.label, m_normal, Qt::AlignLeft);
        addWrapped(field.value, m_normal, Qt::AlignRight);
    }

    void addRule()
    {
        const double space = lineHeight(m_normal) * 0.4;
        m_items.push_back({Item::Kind::Rule, QRectF(0, m_y + space, m_width, 0), {}, {}, {}});
        m_y += 2 * space;
    }

    void addQr(const QByteArray& text, double side)
    {
        auto code = receipt::QrCode::encode(text);
        if (!code)
            return; // no out_trade_no: nothing to look up
        m_y += lineHeight(m_normal) * 0.5;
        const double module = side / code->size();
        const double left = (m_width - side) / 2;
        for (int y = 0; y < code->size(); ++y) {
            // Runs of dark modules as one rectangle: no hairline seams between neighbours in a viewer.
            for (int x = 0; x < code->size();) {
                if (!code->isDark(x, y)) {
                    ++x;
                    continue;
                }
                int end = x;
                while (end < code->size() && code->isDark(end, y))
                    ++end;
                const QRectF rect(left + x * module, m_y + y * module, (end - x) * module, module);
                m_items.push_back({Item::Kind::Dark, rect, {}, {}, {}});
                x = end;
            }
        }
        m_y += side;
    }

    const QPaintDevice& m_device;
    double m_pxPerMm;
    double m_width;
    QFont m_normal;
    double m_y = 0;
    std::vector<Item> m_items;
};

} // namespace

QString ReceiptPrinter::fontFamily()
{
    static const QString family = [] {
        const QStringList families = QFontDatabase::families();
        for (const QString& preferred : {QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Source Han Sans SC"),
                                         QStringLiteral("WenQuanYi Micro Hei")}) {
            if (families.contains(preferred))
                return preferred;
        }
        const QStringList chinese = QFontDatabase::families(QFontDatabase::SimplifiedChinese);
        if (!chinese.isEmpty())
            return chinese.first();
        return QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
    }();
    return family;
}

QString ReceiptPrinter::documentName(const Receipt& receipt)
{
    QString name = receipt.heading() + u' ' + receipt.outTradeNo;
    if (receipt.kind == Receipt::Kind::Refund)
        name += u' ' + receipt.outRequestNo;
    return name;
}

Result<void> ReceiptPrinter::paint(const Receipt& receipt, Paper paper, QPagedPaintDevice& device)
{
    const PaperSpec spec = specFor(paper);
    const Layout layout(receipt, spec, device);
    const double pxPerMm = device.logicalDpiY() / 25.4;
    const double side = (spec.pageWidthMm - spec.contentWidthMm) / 2;
    const QMarginsF margins(side, spec.marginMm, side, spec.marginMm);
    const QPageSize size = paper == Paper::A4
                               ? QPageSize(QPageSize::A4)
                               : QPageSize(QSizeF(spec.pageWidthMm, layout.height() / pxPerMm + 2 * spec.marginMm),
                                           QPageSize::Millimeter, QString(), QPageSize::ExactMatch);
    // A printer whose driver refuses the roll's size or margins still prints, on its own page.
    if (!device.setPageLayout(QPageLayout(size, QPageLayout::Portrait, margins, QPageLayout::Millimeter)))
        qCWarning(receipt::lcReceipt) << "the printer refused the receipt's page size; it prints on its own";
    if (paper == Paper::A4 && layout.height() / pxPerMm > kA4HeightMm - 2 * spec.marginMm)
        qCWarning(receipt::lcReceipt) << "the receipt is longer than an A4 page; its end is cut off";

    QPainter painter;
    if (!painter.begin(&device))
        return Error::storage(tr("The receipt cannot be printed: the printer or file did not open"));
    painter.setRenderHint(QPainter::Antialiasing, false);
    layout.paint(painter);
    if (!painter.end())
        return Error::storage(tr("The receipt could not be finished on the printer or in the file"));
    return {};
}

Result<void> ReceiptPrinter::toPdf(const Receipt& receipt, Paper paper, const QString& path)
{
    // QPdfWriter rather than QPrinter's PDF mode: the same PDF engine, without Print Support's
    // platform plugin, which a worker thread had better not be the first to load.
    QPdfWriter writer(path);
    writer.setResolution(600);
    writer.setTitle(documentName(receipt));
    writer.setCreator(QStringLiteral("CounterPay"));
    auto painted = paint(receipt, paper, writer);
    if (!painted)
        return Error::storage(tr("The receipt PDF %1 cannot be written").arg(path), painted.error().message());
    return {};
}

Result<void> ReceiptPrinter::toSystemPrinter(const Receipt& receipt, Paper paper, const QString& printerName)
{
    const QPrinterInfo info =
        printerName.isEmpty() ? QPrinterInfo::defaultPrinter() : QPrinterInfo::printerInfo(printerName);
    if (info.isNull()) {
        if (printerName.isEmpty())
            return Error::config(tr("No printer is set up on this computer"));
        return Error::config(tr("There is no printer named %1 on this computer").arg(printerName));
    }
    QPrinter printer(info, QPrinter::HighResolution);
    if (!printer.isValid() || printer.outputFormat() != QPrinter::NativeFormat)
        return Error::config(tr("The printer %1 cannot be used").arg(info.printerName()));
    printer.setDocName(documentName(receipt));
    printer.setCreator(QStringLiteral("CounterPay"));
    auto painted = paint(receipt, paper, printer);
    if (!painted)
        return Error::network(tr("The printer %1 cannot print the receipt").arg(info.printerName()),
                              painted.error().message());
    return {};
}

} // namespace counterpay::ui
