#include "cli/CommandLine.h"

#include "alipay/TradeFields.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"

#include <QCoreApplication>

#include <cstdlib>

namespace counterpay::cli {

CommandLine::CommandLine(QString command, QStringList arguments)
    : m_command(std::move(command))
    , m_arguments(std::move(arguments))
{
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
}

void CommandLine::option(const QString& name, const QString& valueName, const QString& description)
{
    m_parser.addOption(QCommandLineOption(name, description, valueName));
}

void CommandLine::flag(const QString& name, const QString& description)
{
    m_parser.addOption(QCommandLineOption(name, description));
}

void CommandLine::positional(const QString& name, const QString& description)
{
    m_parser.addPositionalArgument(name, description);
    ++m_positionals;
}

Result<void> CommandLine::parse()
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("CommandLine", "show this command's options"));
    m_parser.addOption(help);
    if (!m_parser.parse(m_arguments))
        return Error::input(m_command + QStringLiteral(": ") + m_parser.errorText());
    if (m_parser.isSet(help)) {
        // Like QCommandLineParser::showHelp: the options on stdout, then the process ends with 0.
        QString text = m_parser.helpText();
        text.replace(0, text.indexOf(u'\n'),
                     QStringLiteral("Usage: counterpay-cli [--config FILE] %1 [options]").arg(m_command));
        Console::printLine(text.trimmed().toUtf8());
        // NOLINTNEXTLINE(concurrency-mt-unsafe): runs while the command line is read, before any thread starts
        std::exit(Ok);
    }
    if (m_parser.positionalArguments().size() > m_positionals)
        return Error::input(QCoreApplication::translate("CommandLine", "%1: unexpected argument \"%2\"")
                                .arg(m_command, m_parser.positionalArguments().at(m_positionals)));
    return {};
}

Result<QString> CommandLine::required(const QString& name) const
{
    const QString value = m_parser.value(name);
    if (value.isEmpty())
        return Error::input(QCoreApplication::translate("CommandLine", "%1: --%2 is required").arg(m_command, name));
    return value;
}

Result<QString> CommandLine::choice(const QString& name, const QStringList& allowed) const
{
    const QString value = m_parser.isSet(name) ? m_parser.value(name) : allowed.value(0);
    if (allowed.contains(value))
        return value;
    QString words = allowed.value(0);
    for (qsizetype i = 1; i < allowed.size(); ++i)
        words += (i + 1 == allowed.size() ? QStringLiteral(" or ") : QStringLiteral(", ")) + allowed.at(i);
    return Error::input(QStringLiteral("--%1 must be %2").arg(name, words));
}

Result<Money> CommandLine::amount(const QString& name) const
{
    auto text = required(name);
    if (!text)
        return text.error();
    auto money = Money::parse(*text);
    if (!money)
        return Error::input(QStringLiteral("--") + name + QStringLiteral(": ") + money.error().message());
    return money;
}

Result<QString> CommandLine::subject(const QString& fallback) const
{
    const QString text = isSet(QStringLiteral("subject")) ? value(QStringLiteral("subject")) : fallback;
    if (auto ok = alipay::TradeFields::checkSubject(text); !ok)
        return ok.error();
    return text;
}

Result<QString> CommandLine::authCode(bool isRequired) const
{
    if (!isSet(QStringLiteral("auth-code"))) {
        if (isRequired)
            return required(QStringLiteral("auth-code")).error();
        return QString();
    }
    QString code = value(QStringLiteral("auth-code"));
    if (code == u"-") {
        const std::optional<QByteArray> line = Console::readStdinLine();
        if (!line)
            return Error::input(
                QCoreApplication::translate("CommandLine", "%1: --auth-code -: no payment code on stdin")
                    .arg(m_command));
        // A scanner types the code and Enter; whatever else surrounds it is not part of it.
        code = QString::fromLatin1(line->trimmed());
    }
    if (auto ok = alipay::TradeFields::checkAuthCode(code); !ok)
        return ok.error();
    return code;
}

} // namespace counterpay::cli
