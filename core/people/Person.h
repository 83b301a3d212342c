#pragma once

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

namespace counterpay::people {

// Someone who works the counter, as the people table keeps them (never their PIN).
struct Person
{
    enum class Role
    {
        Cashier, // takes payments
        Manager, // also approves refunds and manages the people
    };

    qint64 id = 0;
    QString name;
    Role role = Role::Cashier;
    int failedPins = 0;    // wrong PINs in a row
    QDateTime lockedUntil; // invalid when not locked
    QDateTime createdAt;

    bool isLockedAt(const QDateTime& now) const { return lockedUntil.isValid() && lockedUntil > now; }
};

// "cashier" / "manager": the role as the database and the command line spell it.
QString roleName(Person::Role role);
std::optional<Person::Role> parseRole(QStringView name);

} // namespace counterpay::people
