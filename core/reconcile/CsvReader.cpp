#include "reconcile/CsvReader.h"

namespace counterpay::reconcile {

namespace {

bool isLineBreak(QChar c)
{
    return c == u'\n' || c == u'\r';
}

// Past one line break (CRLF, LF or a lone CR) at `i`.
qsizetype skipLineBreak(QStringView text, qsizetype i)
{
    if (text[i] == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
        return i + 2;
    return i + 1;
}

bool isBlank(QStringView line)
{
    return line.trimmed().isEmpty();
}

} // namespace

Result<QList<CsvRecord>> CsvReader::read(QStringView text)
{
    QList<CsvRecord> records;
    int line = 1;
    qsizetype i = 0;
    const qsizetype size = text.size();
    while (i < size) {
        qsizetype end = i;
        while (end < size && !isLineBreak(text[end]))
            ++end;
        const QStringView whole = text.mid(i, end - i);
        if (whole.startsWith(u'#') || isBlank(whole)) {
            if (!isBlank(whole)) {
                CsvRecord record;
                record.line = line;
                record.isComment = true;
                record.comment = whole.mid(1).toString();
                records.append(std::move(record));
            }
            i = end < size ? skipLineBreak(text, end) : end;
            ++line;
            continue;
        }

        CsvRecord record;
        record.line = line;
        QString field;
        bool quoted = false;
        bool atFieldStart = true;
        int quoteLine = line;
        for (;;) {
            if (i >= size) {
                if (quoted)
                    return Error::input(
                        tr("line %1: a quoted field is never closed; the file is cut short").arg(quoteLine));
                record.fields.append(field);
                break;
            }
            const QChar c = text[i];
            if (quoted) {
                if (c == u'"') {
                    if (i + 1 < size && text[i + 1] == u'"') {
                        field += u'"';
                        i += 2;
                    } else {
                        quoted = false;
                        ++i;
                    }
                    continue;
                }
                if (isLineBreak(c)) {
                    // A line break inside quotes is part of the field.
                    const qsizetype next = skipLineBreak(text, i);
                    field += text.mid(i, next - i);
                    i = next;
                    ++line;
                    continue;
                }
                field += c;
                ++i;
                continue;
            }
            if (c == u'"' && atFieldStart) {
                quoted = true;
                quoteLine = line;
                atFieldStart = false;
                ++i;
                continue;
            }
            if (c == u',') {
                record.fields.append(field);
                field.clear();
                atFieldStart = true;
                ++i;
                continue;
            }
            if (isLineBreak(c)) {
                record.fields.append(field);
                i = skipLineBreak(text, i);
                ++line;
                break;
            }
            field += c;
            atFieldStart = false;
            ++i;
        }
        records.append(std::move(record));
    }
    return records;
}

} // namespace counterpay::reconcile
