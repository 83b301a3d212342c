#include "cli/ManagerApproval.h"

#include "cli/PinReader.h"

#include <QCoreApplication>

namespace counterpay::cli {

Result<people::Person> approveAsManager(people::PeopleStore& people, const QString& command, const QString& manager,
                                        PinReader& pins)
{
    if (manager.isEmpty())
        return Error::input(QCoreApplication::translate("ManagerApproval",
                                                        "%1: --manager NAME is required: a manager must approve this")
                                .arg(command));
    auto pin = pins.read(QCoreApplication::translate("ManagerApproval", "PIN of %1: ").arg(manager));
    if (!pin)
        return pin.error();
    return people.authoriseManager(manager, *pin);
}

Result<QString> approvingName(people::PeopleStore& people, const QString& command, const QString& manager,
                              const QString& pinFile, const QString& named)
{
    auto singleUser = people.isEmpty();
    if (!singleUser)
        return singleUser.error();
    if (*singleUser)
        return named.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("counterpay-cli")) : named;
    PinReader pins(pinFile);
    auto approved = approveAsManager(people, command, manager, pins);
    if (!approved)
        return approved.error();
    return approved->name;
}

} // namespace counterpay::cli
