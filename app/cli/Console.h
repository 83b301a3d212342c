#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

namespace counterpay::cli {

// Data (JSON) goes to stdout; messages for the person go to stderr.
class Console
{
public:
    static void printJson(const QJsonDocument& document);
    static void printLine(const QByteArray& line);
    static void message(const QString& text);
    static QByteArray readStdin();
};

} // namespace counterpay::cli
