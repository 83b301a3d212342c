#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "people/Person.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace counterpay::store {
class SqlConnection;
}

namespace counterpay::people {

// The people who work the counter and their PINs, in the order book's people table. A book without
// people is a single-user shop: nothing asks for a PIN there.
//
// Five wrong PINs in a row lock a person for 15 minutes; while locked even the right PIN is refused
// and the lock is not extended. A removed person keeps their row (orders name them) and their name can
// be given to someone new.
class PeopleStore
{
    Q_DECLARE_TR_FUNCTIONS(PeopleStore)

public:
    static constexpr int kMaxWrongPins = 5;
    static constexpr qint64 kLockoutMs = qint64{15} * 60 * 1000;
    static constexpr int kMaxNameLength = 32;

    PeopleStore(store::SqlConnection& connection, const Clock& clock);

    Result<Person> add(const QString& name, Person::Role role, QStringView pin);
    // The first person of a single-user shop, who needs nobody's approval: refused once the book has
    // people (checked in the same transaction as the insert).
    Result<Person> addFirstManager(const QString& name, QStringView pin);
    // Everyone not removed, by name.
    Result<QList<Person>> list() const;
    Result<std::optional<Person>> find(const QString& name) const;
    // Refused for the last manager: someone must be left who can approve.
    Result<void> remove(const QString& name);
    // A new PIN; it also lifts a lock and forgets wrong PINs.
    Result<void> setPin(const QString& name, QStringView pin);
    Result<bool> isEmpty() const;

    // The person when `pin` is theirs; else a wrong-PIN or locked error (see isWrongPin, isLocked).
    Result<Person> verify(const QString& name, QStringView pin);
    // verify(), and the person must be a manager.
    Result<Person> authoriseManager(const QString& name, QStringView pin);

    // What kind of refusal an error of verify() / authoriseManager() is, for front ends.
    static bool isWrongPin(const Error& error);
    static bool isLocked(const Error& error);
    static bool isNotManager(const Error& error);

    // What is wrong with `name` as a person's name; nullopt when fine.
    static std::optional<QString> nameProblem(const QString& name);

private:
    Result<Person> insert(const QString& name, Person::Role role, QStringView pin, bool onlyIntoEmptyBook);
    Result<std::optional<Person>> findActive(const QString& name) const;
    Error nobody(const QString& name) const;
    Error locked(const Person& person, bool justNow) const;

    store::SqlConnection& m_connection;
    const Clock& m_clock;
};

} // namespace counterpay::people
