#pragma once

#include "common/Result.h"

#include <QList>
#include <QString>

namespace counterpay::config {

// A small, strict INI reader/writer. QSettings would silently turn "a,b" into a list and cannot say
// which line is broken; an integrator editing counterpay.ini by hand deserves "line 7: ...".
// Writing keeps comments and the order of lines.
class IniFile
{
public:
    static Result<IniFile> load(const QString& path);
    static Result<IniFile> parse(const QByteArray& text, const QString& origin);

    bool contains(const QString& section, const QString& key) const;
    QString value(const QString& section, const QString& key, const QString& fallback = {}) const;
    // Replaces the value in place, or appends the key to its section (creating the section).
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
    };
    QList<Line> m_lines;
};

} // namespace counterpay::config
