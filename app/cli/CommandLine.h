#pragma once

#include "common/Result.h"

#include <QCommandLineParser>
#include <QStringList>

namespace counterpay::cli {

// One sub-command's options: QCommandLineParser with errors as values and required options.
class CommandLine
{
public:
    CommandLine(QString command, QStringList arguments);

    void option(const QString& name, const QString& valueName, const QString& description);
    void flag(const QString& name, const QString& description);

    Result<void> parse();
    bool isSet(const QString& name) const { return m_parser.isSet(name); }
    QString value(const QString& name) const { return m_parser.value(name); }
    Result<QString> required(const QString& name) const;

private:
    QString m_command;
    QStringList m_arguments;
    QCommandLineParser m_parser;
};

} // namespace counterpay::cli
