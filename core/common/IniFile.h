#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace counterpay {

// A small, strict INI reader/writer. QSettings would silently turn "a,b" into a list and cannot say
// which line is broken; an integrator editing counterpay.ini by hand deserves "line 7: ...".
// Writing keeps comments and the order of lines.
//
// Comments: a line starting with ';' or '#', and the rest of a line from a ';' that follows a space or
// a tab ("timeout_ms=15000   ; milliseconds"), as the README's example writes them. A ';' with no
// space before it belongs to the value (notify_url=https://shop.example/n?a=1;2), and so does '#'
// ("subject=Shop #2"). A value therefore cannot hold " ;".
class IniFile
{
    Q_DECLARE_TR_FUNCTIONS(IniFile)

public:
    static Result<IniFile> load(const QString& path);
    static Result<IniFile> parse(const QByteArray& text, const QString& origin);

    bool contains(const QString& section, const QString& key) const;
    QString value(const QString& section, const QString& key, const QString& fallback = {}) const;
    // Replaces the value in place (keeping the line's comment), or appends the key to its section
    // (creating the section).
    void setValue(const QString& section, const QString& key, const QString& value);

    QByteArray toText() const;
    // Atomic: readers see the old file or the new one, never half of it.
    Result<void> save(const QString& path) const;

private:
    struct Line
    {
        QString raw;     // as read, for comments and blank lines
        QString section; // the section this line belongs to
        QString key;     // empty unless a key=value line
        QString value;
        QString comment; // a trailing "   ; ..." after the value, kept when the value is replaced
    };
    QList<Line> m_lines;
};

} // namespace counterpay
