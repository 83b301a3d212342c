#pragma once

#include "common/Result.h"
#include "money/Money.h"

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
    // A positional argument (e.g. `people add NAME`); parse() refuses more than those declared.
    void positional(const QString& name, const QString& description);
    QString positionalValue(qsizetype index) const { return m_parser.positionalArguments().value(index); }

    Result<void> parse();
    bool isSet(const QString& name) const { return m_parser.isSet(name); }
    QString value(const QString& name) const { return m_parser.value(name); }
    Result<QString> required(const QString& name) const;
    // --NAME's value, one of `allowed` (the first when absent), e.g. an output format.
    Result<QString> choice(const QString& name, const QStringList& allowed) const;

    // Readers for options several commands share; each refuses a bad value with an Input error.
    Result<Money> amount(const QString& name) const;        // required, 0.01 .. 100000000.00
    Result<QString> subject(const QString& fallback) const; // --subject, else the counter's default
    // --auth-code, empty when optional and absent; "-" reads it from stdin (one line), which keeps
    // it out of `ps` and the shell's history.
    Result<QString> authCode(bool required) const;

private:
    QString m_command;
    QStringList m_arguments;
    QCommandLineParser m_parser;
    qsizetype m_positionals = 0;
};

} // namespace counterpay::cli
