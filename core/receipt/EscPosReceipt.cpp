#include "receipt/EscPosReceipt.h"

#include <QCoreApplication>
#include <QStringEncoder>

namespace counterpay::receipt {

namespace {

constexpr char kEsc = 0x1b;
constexpr char kFs = 0x1c;
constexpr char kGs = 0x1d;

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    out.reserve(int(values.size()));
    for (int value : values)
        out += char(value);
    return out;
}

// Qt 6.4 reaches GB18030 through ICU (Debian's Qt is built with it); QStringConverter's own
// encodings are only the Unicode ones and Latin-1.
QStringEncoder& gb18030()
{
    thread_local QStringEncoder encoder("GB18030");
    return encoder;
}

// The printable form of one code point (as UTF-16).
QString printableCodePoint(char32_t c)
{
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        return QStringLiteral(" ");
    if (c == 0xa5) // '¥' is a four-byte code in GB18030; GB2312 has the full-width one
        return QString(QChar(0xffe5));
    if (c < 0x80)
        return QString(QChar(c));
    const char32_t one[] = {c};
    const QString text = QString::fromUcs4(one, 1);
    QStringEncoder& encoder = gb18030();
    const QByteArray encoded = encoder.encode(text);
    if (encoder.hasError()) {
        encoder.resetState();
        return QStringLiteral("?");
    }
    return encoded.size() == 2 ? text : QStringLiteral("?");
}

void appendLine(QByteArray& out, const QString& text)
{
    out += EscPosReceipt::encode(text);
    out += '\n';
}

void appendRow(QByteArray& out, const ReceiptField& field, int columns)
{
    const int labelWidth = EscPosReceipt::width(field.label);
    const int valueWidth = EscPosReceipt::width(field.value);
    if (labelWidth + 1 + valueWidth <= columns) {
        appendLine(out, field.label + QString(columns - labelWidth - valueWidth, u' ') + field.value);
        return;
    }
    // Too long for one line (a 28-digit trade number on 58 mm): the label, then the value on lines of
    // its own, right-aligned.
    for (const QString& line : EscPosReceipt::wrap(field.label, columns))
        appendLine(out, line);
    for (const QString& line : EscPosReceipt::wrap(field.value, columns))
        appendLine(out, QString(columns - EscPosReceipt::width(line), u' ') + line);
}

} // namespace

int EscPosReceipt::columnsFor(config::ReceiptSettings::Paper paper)
{
    return paper == config::ReceiptSettings::Paper::Roll58 ? kColumns58 : kColumns80;
}

QString EscPosReceipt::printable(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (char32_t c : text.toUcs4())
        out += printableCodePoint(c);
    return out;
}

int EscPosReceipt::width(QStringView text)
{
    int columns = 0;
    for (QChar c : printable(text))
        columns += c.unicode() < 0x80 ? 1 : 2;
    return columns;
}

QByteArray EscPosReceipt::encode(QStringView text)
{
    QStringEncoder& encoder = gb18030();
    QByteArray out = encoder.encode(printable(text));
    encoder.resetState();
    return out;
}

QStringList EscPosReceipt::wrap(QStringView text, int columns)
{
    QStringList lines;
    QString line;
    int lineWidth = 0;
    for (QChar c : printable(text)) {
        const int w = c.unicode() < 0x80 ? 1 : 2;
        if (lineWidth + w > columns && !line.isEmpty()) {
            lines.append(line);
            line.clear();
            lineWidth = 0;
        }
        line += c;
        lineWidth += w;
    }
    if (!line.isEmpty() || lines.isEmpty())
        lines.append(line);
    return lines;
}

QByteArray EscPosReceipt::initialise()
{
    return bytes({kEsc, '@'});
}

QByteArray EscPosReceipt::chineseMode(bool on)
{
    return bytes({kFs, on ? '&' : '.'});
}

QByteArray EscPosReceipt::align(int n)
{
    return bytes({kEsc, 'a', n});
}

QByteArray EscPosReceipt::bold(bool on)
{
    return bytes({kEsc, 'E', on ? 1 : 0});
}

QByteArray EscPosReceipt::characterSize(int w, int h)
{
    return bytes({kGs, '!', ((w - 1) << 4) | (h - 1)});
}

QByteArray EscPosReceipt::qrCode(const QByteArray& data, int moduleDots)
{
    // GS ( k pL pH cn fn ...: cn 49 is the QR code; pL + 256 pH counts the bytes after pH.
    const int stored = int(data.size()) + 3;
    QByteArray out;
    out += bytes({kGs, '(', 'k', 4, 0, 49, 65, 50, 0});                    // fn 165: model 2
    out += bytes({kGs, '(', 'k', 3, 0, 49, 67, moduleDots});               // fn 167: module size in dots
    out += bytes({kGs, '(', 'k', 3, 0, 49, 69, 49});                       // fn 169: error correction M
    out += bytes({kGs, '(', 'k', stored & 0xff, stored >> 8, 49, 80, 48}); // fn 180: store the data
    out += data;
    out += bytes({kGs, '(', 'k', 3, 0, 49, 81, 48}); // fn 181: print the stored symbol
    return out;
}

QByteArray EscPosReceipt::feedLines(int n)
{
    return bytes({kEsc, 'd', n});
}

QByteArray EscPosReceipt::cut()
{
    return bytes({kGs, 'V', 66, 0});
}

Result<QByteArray> EscPosReceipt::render(const Receipt& receipt, int columns)
{
    if (columns != kColumns58 && columns != kColumns80)
        return Error::input(QCoreApplication::translate("EscPosReceipt", "a receipt printer has 32 or 48 columns"));
    if (!gb18030().isValid())
        return Error::config(
            QCoreApplication::translate("EscPosReceipt", "this Qt cannot encode GB18030 text for the receipt printer"),
            QStringLiteral("QStringEncoder(\"GB18030\") is invalid: Qt was built without ICU"));

    QByteArray out = initialise() + chineseMode(true);
    out += align(1) + bold(true);
    for (const QString& line : wrap(receipt.storeTitle, columns))
        appendLine(out, line);
    out += bold(false);
    appendLine(out, receipt.heading());
    if (receipt.reprint) {
        out += bold(true);
        appendLine(out, receipt.reprintMarker());
        out += bold(false);
    }
    out += align(0);

    const QByteArray rule = QByteArray(columns, '-') + '\n';
    for (const QList<ReceiptField>& section : receipt.fields()) {
        out += rule;
        for (const ReceiptField& field : section) {
            // At double size a character takes twice its columns.
            if (field.emphasised && 2 * width(field.value) <= columns) {
                appendLine(out, field.label);
                out += align(1) + characterSize(2, 2);
                appendLine(out, field.value);
                out += characterSize(1, 1) + align(0);
            } else {
                appendRow(out, field, columns);
            }
        }
    }
    out += rule;

    // 6 dots a module keeps a 64-character out_trade_no (version 4, 33 modules) within 58 mm.
    out += align(1) + qrCode(receipt.qrText(), columns == kColumns58 ? 6 : 8) + align(0);
    out += chineseMode(false);
    out += feedLines(3) + cut();
    return out;
}

} // namespace counterpay::receipt
