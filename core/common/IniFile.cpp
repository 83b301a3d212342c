#include "common/IniFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QStringDecoder>

namespace counterpay {

namespace {

// Where a trailing comment starts in `text` (the part of a line after '='): the first ';' that follows
// a space or a tab. -1 when there is none.
qsizetype trailingCommentStart(const QString& text)
{
    for (qsizetype i = 1; i < text.size(); ++i) {
        if (text[i] == u';' && (text[i - 1] == u' ' || text[i - 1] == u'\t'))
            return i - 1;
    }
    return -1;
}

} // namespace

Result<IniFile> IniFile::load(const QString& path)
{
    QFile file(path);
    if (!file.exists())
        return Error::config(tr("the configuration file does not exist")).withContext(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(tr("the configuration file cannot be read"), file.errorString()).withContext(path);
    return parse(file.readAll(), path);
}

Result<IniFile> IniFile::parse(const QByteArray& text, const QString& origin)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = utf8(text);
    if (utf8.hasError())
        return Error::config(tr("the configuration file is not UTF-8 text")).withContext(origin);

    IniFile ini;
    QString section;
    const QStringList lines = decoded.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString raw = lines[i];
        if (raw.endsWith(u'\r'))
            raw.chop(1);
        if (i == lines.size() - 1 && raw.isEmpty())
            break; // the final newline
        const QString trimmed = raw.trimmed();
        const auto lineError = [&](const QString& why) {
            return Error::config(why).withContext(origin + QStringLiteral(":") + QString::number(i + 1));
        };
        Line line{raw, section, {}, {}, {}};
        if (trimmed.isEmpty() || trimmed.startsWith(u';') || trimmed.startsWith(u'#')) {
            // comment or blank
        } else if (trimmed.startsWith(u'[')) {
            if (!trimmed.endsWith(u']') || trimmed.size() < 3)
                return lineError(tr("a section header looks like [name]"));
            section = trimmed.mid(1, trimmed.size() - 2).trimmed();
            line.section = section;
        } else {
            const qsizetype eq = trimmed.indexOf(u'=');
            if (eq <= 0)
                return lineError(tr("expected key=value, found \"%1\"").arg(trimmed.left(40)));
            line.key = trimmed.left(eq).trimmed();
            QString value = trimmed.mid(eq + 1);
            if (const qsizetype comment = trailingCommentStart(value); comment >= 0) {
                // Keep the spaces before the ';' with the comment, so a rewritten line lines up as before.
                qsizetype start = comment;
                while (start > 0 && value[start - 1].isSpace())
                    --start;
                line.comment = value.mid(start);
                value.truncate(start);
            }
            line.value = value.trimmed();
            if (section.isEmpty())
                return lineError(tr("\"%1\" stands before any [section]").arg(line.key));
            if (ini.contains(section, line.key))
                return lineError(tr("\"%1\" is set twice in [%2]").arg(line.key, section));
        }
        ini.m_lines.append(line);
    }
    return ini;
}

bool IniFile::contains(const QString& section, const QString& key) const
{
    for (const Line& line : m_lines) {
        if (line.section == section && line.key == key)
            return true;
    }
    return false;
}

QString IniFile::value(const QString& section, const QString& key, const QString& fallback) const
{
    for (const Line& line : m_lines) {
        if (line.section == section && line.key == key)
            return line.value;
    }
    return fallback;
}

void IniFile::setValue(const QString& section, const QString& key, const QString& value)
{
    qsizetype lastOfSection = -1;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        Line& line = m_lines[i];
        if (line.section != section)
            continue;
        lastOfSection = i;
        if (line.key == key) {
            line.value = value;
            line.raw = key + QStringLiteral("=") + value + line.comment;
            return;
        }
    }
    Line line{key + QStringLiteral("=") + value, section, key, value, {}};
    if (lastOfSection < 0) {
        m_lines.append(Line{QStringLiteral("[") + section + QStringLiteral("]"), section, {}, {}, {}});
        m_lines.append(line);
    } else {
        // Keep it above trailing blank lines of the section.
        while (lastOfSection > 0 && m_lines[lastOfSection].key.isEmpty() &&
               m_lines[lastOfSection].raw.trimmed().isEmpty())
            --lastOfSection;
        m_lines.insert(lastOfSection + 1, line);
    }
}

QByteArray IniFile::toText() const
{
    QByteArray text;
    for (const Line& line : m_lines) {
        text += line.raw.toUtf8();
        text += '\n';
    }
    return text;
}

Result<void> IniFile::save(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::config(tr("the configuration file cannot be written"), file.errorString()).withContext(path);
    file.write(toText());
    if (!file.commit())
        return Error::config(tr("the configuration file cannot be written"), file.errorString()).withContext(path);
    return {};
}

} // namespace counterpay
