#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

#include <optional>

namespace counterpay::cli {

// Data (JSON) goes to stdout; messages for the person go to stderr.
class Console
{
public:
    static void printJson(const QJsonDocument& document);
    static void printLine(const QByteArray& line);
    static void message(const QString& text);
    // A question on stderr, the answer typed on the same line.
    static void prompt(const QString& text);
    static QByteArray readStdin();
    // The first line on stdin without its line break; nullopt when stdin holds nothing.
    static std::optional<QByteArray> readStdinLine();
};

} // namespace counterpay::cli
