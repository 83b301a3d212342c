#include "people/Person.h"

namespace counterpay::people {

QString roleName(Person::Role role)
{
    switch (role) {
    case Person::Role::Cashier:
        return QStringLiteral("cashier");
    case Person::Role::Manager:
        return QStringLiteral("manager");
    }
    return QString();
}

std::optional<Person::Role> parseRole(QStringView name)
{
    if (name == u"cashier")
        return Person::Role::Cashier;
    if (name == u"manager")
        return Person::Role::Manager;
    return std::nullopt;
}

} // namespace counterpay::people
