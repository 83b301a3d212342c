#include "cli/Console.h"

#include <QFile>

#include <cstdio>

namespace counterpay::cli {

void Console::printJson(const QJsonDocument& document)
{
    printLine(document.toJson(QJsonDocument::Indented).trimmed());
}

void Console::printLine(const QByteArray& line)
{
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void Console::message(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

void Console::prompt(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

std::optional<QByteArray> Console::readStdinLine()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = in.readLine();
    if (line.isEmpty())
        return std::nullopt;
    return line.endsWith('\n') ? line.chopped(line.endsWith("\r\n") ? 2 : 1) : line;
}

QByteArray Console::readStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return in.readAll();
}

} // namespace counterpay::cli
