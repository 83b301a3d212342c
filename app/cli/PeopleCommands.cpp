#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"
#include "cli/ManagerApproval.h"
#include "cli/PassphraseReader.h"
#include "cli/PinReader.h"

#include "alipay/ChinaTime.h"
#include "payment/Till.h"
#include "people/PeopleStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace counterpay::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("PeopleCommands", text);
}

QString pinFileHelp()
{
    return tr("read PINs from FILE, one a line in the order asked (- is stdin); without it they are asked on the "
              "terminal");
}

// The people live in the order book: the book alone is loaded, no keys are used and nothing is sent.
Result<std::unique_ptr<payment::Till>> loadBook(const Invocation& invocation)
{
    if (invocation.configPath.isEmpty())
        return Error::config(tr("give --config FILE"));
    auto till = std::make_unique<payment::Till>();
    if (auto loaded = till->load(invocation.configPath, payment::TillParts::Use::BookOnly, {},
                                 PassphraseReader(invocation.passphraseFile).prompt());
        !loaded)
        return loaded.error();
    return till;
}

// The person's name: the one positional argument.
Result<QString> nameArgument(const CommandLine& line, const QString& command)
{
    const QString name = line.positionalValue(0);
    if (name.isEmpty())
        return Error::input(tr("%1: give the person's NAME").arg(command));
    if (auto problem = people::PeopleStore::nameProblem(name))
        return Error::input(*problem);
    return name;
}

QString lockedUntil(const people::Person& person)
{
    if (!person.isLockedAt(QDateTime::currentDateTimeUtc()))
        return QString();
    return alipay::ChinaTime::of(person.lockedUntil).toString(Qt::ISODate);
}

int list(const Invocation& invocation, const QStringList& arguments)
{
    CommandLine line(QStringLiteral("people list"), arguments);
    line.option(QStringLiteral("format"), QStringLiteral("text|json"), tr("output format (default text)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    const auto chosen = line.choice(QStringLiteral("format"), {QStringLiteral("text"), QStringLiteral("json")});
    if (!chosen)
        return report(chosen.error());
    const QString& format = *chosen;
    auto till = loadBook(invocation);
    if (!till)
        return report(till.error());
    auto everyone = (*till)->people().list();
    if (!everyone)
        return report(everyone.error());
    if (format == u"json") {
        QJsonArray array;
        for (const people::Person& person : std::as_const(*everyone)) {
            const QString until = lockedUntil(person);
            array.append(QJsonObject{
                {QStringLiteral("name"), person.name},
                {QStringLiteral("role"), people::roleName(person.role)},
                {QStringLiteral("locked_until"), until.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(until)}});
        }
        Console::printJson(QJsonDocument(array));
        return Ok;
    }
    if (everyone->isEmpty())
        Console::message(tr("Nobody is registered: this is a single-user shop, where nothing asks for a PIN."));
    for (const people::Person& person : std::as_const(*everyone)) {
        const QString until = lockedUntil(person);
        QString text = person.name + u'\t' + people::roleName(person.role);
        if (!until.isEmpty())
            text += u'\t' + tr("locked until %1").arg(until);
        Console::printLine(text.toUtf8());
    }
    return Ok;
}

int add(const Invocation& invocation, const QStringList& arguments)
{
    const QString command = QStringLiteral("people add");
    CommandLine line(command, arguments);
    line.positional(QStringLiteral("NAME"), tr("the new person's name (1 to 32 characters)"));
    line.option(QStringLiteral("role"), QStringLiteral("cashier|manager"), tr("what they may do"));
    line.option(QStringLiteral("pin-file"), QStringLiteral("FILE"), pinFileHelp());
    line.option(QStringLiteral("manager"), QStringLiteral("NAME"),
                tr("the manager who approves (not needed for the very first person)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto name = nameArgument(line, command);
    if (!name)
        return report(name.error());
    auto roleText = line.required(QStringLiteral("role"));
    if (!roleText)
        return report(roleText.error());
    const auto role = people::parseRole(*roleText);
    if (!role)
        return report(Error::input(tr("--role must be cashier or manager")));

    auto till = loadBook(invocation);
    if (!till)
        return report(till.error());
    people::PeopleStore& people = (*till)->people();
    auto empty = people.isEmpty();
    if (!empty)
        return report(empty.error());
    PinReader pins(line.value(QStringLiteral("pin-file")));
    if (*empty) {
        // Whoever comes first approves everyone after, so they must be able to.
        if (*role != people::Person::Role::Manager)
            return report(Error::input(tr("The first person must be a manager: a manager approves everyone after.")));
    } else {
        auto approved = approveAsManager(people, command, line.value(QStringLiteral("manager")), pins);
        if (!approved)
            return report(approved.error());
    }
    auto pin = pins.readNew(tr("New PIN for %1 (4 to 8 digits): ").arg(*name), tr("The same PIN again: "));
    if (!pin)
        return report(pin.error());
    auto added = *empty ? people.addFirstManager(*name, *pin) : people.add(*name, *role, *pin);
    if (!added)
        return report(added.error());
    Console::message(tr("%1 added as %2").arg(added->name, people::roleName(added->role)));
    return Ok;
}

int remove(const Invocation& invocation, const QStringList& arguments)
{
    const QString command = QStringLiteral("people remove");
    CommandLine line(command, arguments);
    line.positional(QStringLiteral("NAME"), tr("who leaves"));
    line.option(QStringLiteral("manager"), QStringLiteral("NAME"), tr("the manager who approves"));
    line.option(QStringLiteral("pin-file"), QStringLiteral("FILE"), pinFileHelp());
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto name = nameArgument(line, command);
    if (!name)
        return report(name.error());
    auto till = loadBook(invocation);
    if (!till)
        return report(till.error());
    people::PeopleStore& people = (*till)->people();
    PinReader pins(line.value(QStringLiteral("pin-file")));
    auto approved = approveAsManager(people, command, line.value(QStringLiteral("manager")), pins);
    if (!approved)
        return report(approved.error());
    if (auto removed = people.remove(*name); !removed)
        return report(removed.error());
    Console::message(tr("%1 removed").arg(*name));
    return Ok;
}

int setPin(const Invocation& invocation, const QStringList& arguments)
{
    const QString command = QStringLiteral("people set-pin");
    CommandLine line(command, arguments);
    line.positional(QStringLiteral("NAME"), tr("whose PIN changes"));
    line.option(QStringLiteral("pin-file"), QStringLiteral("FILE"), pinFileHelp());
    line.option(QStringLiteral("manager"), QStringLiteral("NAME"),
                tr("a manager who approves instead of the person's current PIN (e.g. when forgotten or locked)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto name = nameArgument(line, command);
    if (!name)
        return report(name.error());
    auto till = loadBook(invocation);
    if (!till)
        return report(till.error());
    people::PeopleStore& people = (*till)->people();
    PinReader pins(line.value(QStringLiteral("pin-file")));
    if (line.isSet(QStringLiteral("manager"))) {
        auto approved = approveAsManager(people, command, line.value(QStringLiteral("manager")), pins);
        if (!approved)
            return report(approved.error());
    } else {
        auto current = pins.read(tr("Current PIN of %1: ").arg(*name));
        if (!current)
            return report(current.error());
        if (auto verified = people.verify(*name, *current); !verified)
            return report(verified.error());
    }
    auto pin = pins.readNew(tr("New PIN for %1 (4 to 8 digits): ").arg(*name), tr("The same PIN again: "));
    if (!pin)
        return report(pin.error());
    if (auto changed = people.setPin(*name, *pin); !changed)
        return report(changed.error());
    Console::message(tr("the PIN of %1 is changed").arg(*name));
    return Ok;
}

} // namespace

int people(const Invocation& invocation)
{
    const QString action = invocation.arguments.value(1);
    // The action's own options follow it; QCommandLineParser takes the first argument for a name.
    QStringList arguments = invocation.arguments.mid(2);
    arguments.prepend(QStringLiteral("people ") + action);
    if (action == u"list")
        return list(invocation, arguments);
    if (action == u"add")
        return add(invocation, arguments);
    if (action == u"remove")
        return remove(invocation, arguments);
    if (action == u"set-pin")
        return setPin(invocation, arguments);
    const QString usage = tr("usage: counterpay-cli [--config FILE] people list|add|remove|set-pin ... "
                             "(`people ACTION --help` lists an action's options)");
    if (action == u"--help" || action == u"-h") {
        Console::printLine(usage.toUtf8());
        return Ok;
    }
    Console::message(action.isEmpty() ? usage : tr("people: unknown action \"%1\"; %2").arg(action, usage));
    return Usage;
}

} // namespace counterpay::cli
