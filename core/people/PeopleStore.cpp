#include "people/PeopleStore.h"

#include "alipay/ChinaTime.h"
#include "people/PinHash.h"
#include "store/OrderRows.h"
#include "store/SqlConnection.h"

#include <QSqlRecord>

namespace counterpay::people {

using store::OrderRows;
using store::SqlConnection;

namespace {

// Error details that say which refusal an error is (the message is translated, the detail is not).
const QString kWrongPin = QStringLiteral("wrong pin");
const QString kLocked = QStringLiteral("locked");
const QString kWrongPinNowLocked = QStringLiteral("wrong pin, now locked");
const QString kNotManager = QStringLiteral("not a manager");

const QString kColumns = QStringLiteral("id, name, role, pin_hash, failed_pins, locked_until, created_at");

Result<Person> personOf(const QSqlRecord& row)
{
    Person person;
    person.id = row.value(QStringLiteral("id")).toLongLong();
    person.name = row.value(QStringLiteral("name")).toString();
    const QString role = row.value(QStringLiteral("role")).toString();
    const auto parsed = parseRole(role);
    if (!parsed)
        return Error::storage(
            PeopleStore::tr("The order book names an unknown role \"%1\" for %2.").arg(role, person.name),
            QStringLiteral("people.role: ") + role);
    person.role = *parsed;
    person.failedPins = row.value(QStringLiteral("failed_pins")).toInt();
    person.lockedUntil = OrderRows::time(row.value(QStringLiteral("locked_until")));
    person.createdAt = OrderRows::time(row.value(QStringLiteral("created_at")));
    return person;
}

} // namespace

PeopleStore::PeopleStore(SqlConnection& connection, const Clock& clock)
    : m_connection(connection)
    , m_clock(clock)
{}

std::optional<QString> PeopleStore::nameProblem(const QString& name)
{
    if (name.trimmed().isEmpty())
        return tr("A person needs a name.");
    if (name.trimmed() != name)
        return tr("A name may not begin or end with a space.");
    if (name.toUcs4().size() > kMaxNameLength)
        return tr("The name \"%1\" is longer than %2 characters.").arg(name).arg(kMaxNameLength);
    for (QChar c : name) {
        const QChar::Category category = c.category();
        if (category == QChar::Other_Control || category == QChar::Other_Format || category == QChar::Separator_Line ||
            category == QChar::Separator_Paragraph)
            return tr("A name may not hold control characters.");
    }
    return std::nullopt;
}

Result<std::optional<Person>> PeopleStore::findActive(const QString& name) const
{
    auto rows = m_connection.select(
        QStringLiteral("SELECT %1 FROM people WHERE name = ? AND removed_at IS NULL").arg(kColumns), {name});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<Person>();
    auto person = personOf(rows->constFirst());
    if (!person)
        return person.error();
    return std::optional<Person>(std::move(*person));
}

Result<std::optional<Person>> PeopleStore::find(const QString& name) const
{
    return findActive(name);
}

Result<QList<Person>> PeopleStore::list() const
{
    auto rows = m_connection.select(
        QStringLiteral("SELECT %1 FROM people WHERE removed_at IS NULL ORDER BY name").arg(kColumns));
    if (!rows)
        return rows.error();
    QList<Person> people;
    for (const QSqlRecord& row : std::as_const(*rows)) {
        auto person = personOf(row);
        if (!person)
            return person.error();
        people.append(std::move(*person));
    }
    return people;
}

Result<bool> PeopleStore::isEmpty() const
{
    auto rows = m_connection.select(QStringLiteral("SELECT COUNT(*) FROM people WHERE removed_at IS NULL"));
    if (!rows)
        return rows.error();
    return rows->constFirst().value(0).toLongLong() == 0;
}

Result<Person> PeopleStore::add(const QString& name, Person::Role role, QStringView pin)
{
    return insert(name, role, pin, false);
}

Result<Person> PeopleStore::addFirstManager(const QString& name, QStringView pin)
{
    return insert(name, Person::Role::Manager, pin, true);
}

Result<Person> PeopleStore::insert(const QString& name, Person::Role role, QStringView pin, bool onlyIntoEmptyBook)
{
    if (auto problem = nameProblem(name))
        return Error::input(*problem);
    if (auto problem = PinHash::pinProblem(pin))
        return Error::input(*problem);
    // Hashed before the write transaction: scrypt takes a while and other tills may be waiting to write.
    auto pinHash = PinHash::hash(pin);
    if (!pinHash)
        return pinHash.error();
    const QDateTime now = m_clock.now();
    return m_connection.writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<Person> {
        if (onlyIntoEmptyBook) {
            // Checked in the write transaction: two front ends adding "the first" at once cannot both
            // skip the approval.
            auto empty = isEmpty();
            if (!empty)
                return empty.error();
            if (!*empty)
                return Error(Error::Category::Permission,
                             tr("This shop already has people; a manager must approve someone new."),
                             QStringLiteral("not the first person"));
        }
        auto rows = m_connection.select(QStringLiteral("SELECT id, removed_at FROM people WHERE name = ?"), {name});
        if (!rows)
            return rows.error();
        Person person;
        person.name = name;
        person.role = role;
        person.createdAt = now;
        if (rows->isEmpty()) {
            auto id = m_connection.insert(
                QStringLiteral(
                    "INSERT INTO people (name, role, pin_hash, failed_pins, created_at) VALUES (?, ?, ?, 0, ?)"),
                {name, roleName(role), *pinHash, OrderRows::time(now)});
            if (!id)
                return id.error();
            person.id = *id;
            return person;
        }
        const QSqlRecord& row = rows->constFirst();
        if (row.value(QStringLiteral("removed_at")).isNull())
            return Error::input(tr("Someone called %1 already works here.").arg(name));
        // The name is unique across the table; someone new under a removed person's name takes the row
        // over, starting afresh.
        person.id = row.value(QStringLiteral("id")).toLongLong();
        auto changed = m_connection.exec(
            QStringLiteral("UPDATE people SET role = ?, pin_hash = ?, failed_pins = 0, locked_until = NULL, "
                           "created_at = ?, removed_at = NULL WHERE id = ?"),
            {roleName(role), *pinHash, OrderRows::time(now), person.id});
        if (!changed)
            return changed.error();
        return person;
    });
}

Result<void> PeopleStore::remove(const QString& name)
{
    const QDateTime now = m_clock.now();
    return m_connection.writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<void> {
        auto found = findActive(name);
        if (!found)
            return found.error();
        if (!found->has_value())
            return nobody(name);
        if ((*found)->role == Person::Role::Manager) {
            auto managers =
                m_connection.select(QStringLiteral("SELECT COUNT(*) FROM people WHERE role = ? AND removed_at IS NULL"),
                                    {roleName(Person::Role::Manager)});
            if (!managers)
                return managers.error();
            if (managers->constFirst().value(0).toLongLong() <= 1)
                return Error::input(tr("%1 is the last manager; add another manager before removing them.").arg(name));
        }
        auto changed = m_connection.exec(QStringLiteral("UPDATE people SET removed_at = ? WHERE id = ?"),
                                         {OrderRows::time(now), (*found)->id});
        if (!changed)
            return changed.error();
        return {};
    });
}

Result<void> PeopleStore::setPin(const QString& name, QStringView pin)
{
    if (auto problem = PinHash::pinProblem(pin))
        return Error::input(*problem);
    auto pinHash = PinHash::hash(pin);
    if (!pinHash)
        return pinHash.error();
    return m_connection.writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<void> {
        auto changed = m_connection.exec(QStringLiteral("UPDATE people SET pin_hash = ?, failed_pins = 0, "
                                                        "locked_until = NULL WHERE name = ? AND removed_at IS NULL"),
                                         {*pinHash, name});
        if (!changed)
            return changed.error();
        if (*changed == 0)
            return nobody(name);
        return {};
    });
}

Result<Person> PeopleStore::verify(const QString& name, QStringView pin)
{
    auto rows = m_connection.select(
        QStringLiteral("SELECT %1 FROM people WHERE name = ? AND removed_at IS NULL").arg(kColumns), {name});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return nobody(name);
    auto person = personOf(rows->constFirst());
    if (!person)
        return person.error();
    const QDateTime now = m_clock.now();
    if (person->isLockedAt(now))
        return locked(*person, false);
    // Outside the write transaction, for the same reason as in add().
    const QString storedHash = rows->constFirst().value(QStringLiteral("pin_hash")).toString();
    const bool right = PinHash::matches(pin, storedHash);

    // The count is read again and changed in one transaction: two tills failing at once both count.
    bool lockedByThis = false;
    auto after = m_connection.writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<Person> {
        auto current = m_connection.select(
            QStringLiteral("SELECT %1 FROM people WHERE id = ? AND removed_at IS NULL").arg(kColumns), {person->id});
        if (!current)
            return current.error();
        if (current->isEmpty())
            return nobody(name);
        auto reread = personOf(current->constFirst());
        if (!reread)
            return reread.error();
        Person updated = std::move(*reread);
        if (updated.isLockedAt(now)) // another till locked them meanwhile
            return updated;
        // A new PIN set meanwhile: the answer above was about the old one.
        if (current->constFirst().value(QStringLiteral("pin_hash")).toString() != storedHash)
            return Error::input(tr("The PIN of %1 was changed meanwhile; try again.").arg(name));
        if (right) {
            updated.failedPins = 0;
            updated.lockedUntil = QDateTime();
        } else {
            // A lock that has run out starts the count afresh.
            const int before = updated.lockedUntil.isValid() ? 0 : updated.failedPins;
            updated.failedPins = before + 1;
            lockedByThis = updated.failedPins >= kMaxWrongPins;
            updated.lockedUntil = lockedByThis ? now.addMSecs(kLockoutMs) : QDateTime();
        }
        auto changed =
            m_connection.exec(QStringLiteral("UPDATE people SET failed_pins = ?, locked_until = ? WHERE id = ?"),
                              {updated.failedPins, OrderRows::time(updated.lockedUntil), updated.id});
        if (!changed)
            return changed.error();
        return updated;
    });
    if (!after)
        return after.error();
    if (after->isLockedAt(now))
        return locked(*after, lockedByThis);
    if (!right)
        return Error::input(tr("Wrong PIN for %1; %n tries left", nullptr, kMaxWrongPins - after->failedPins).arg(name),
                            kWrongPin);
    return *after;
}

Result<Person> PeopleStore::authoriseManager(const QString& name, QStringView pin)
{
    auto person = verify(name, pin);
    if (!person)
        return person;
    if (person->role != Person::Role::Manager)
        return Error(Error::Category::Permission, tr("%1 is a cashier; a manager must approve this").arg(name),
                     kNotManager);
    return person;
}

Error PeopleStore::nobody(const QString& name) const
{
    // A counter is not a web login: saying the name is unknown helps the cashier and tells a stranger
    // nothing the staff rota on the wall does not.
    return Error::input(tr("Nobody called %1 works here").arg(name), QStringLiteral("unknown person"));
}

Error PeopleStore::locked(const Person& person, bool justNow) const
{
    const QString until = alipay::ChinaTime::of(person.lockedUntil).toString(QStringLiteral("HH:mm"));
    if (justNow)
        return Error(Error::Category::Permission,
                     tr("Wrong PIN for %1; %1 is locked until %2 after %3 wrong PINs")
                         .arg(person.name, until)
                         .arg(kMaxWrongPins),
                     kWrongPinNowLocked);
    return Error(Error::Category::Permission,
                 tr("%1 is locked until %2 after %3 wrong PINs").arg(person.name, until).arg(kMaxWrongPins), kLocked);
}

bool PeopleStore::isWrongPin(const Error& error)
{
    return (error.category() == Error::Category::Input && error.detail() == kWrongPin) ||
           (error.category() == Error::Category::Permission && error.detail() == kWrongPinNowLocked);
}

bool PeopleStore::isLocked(const Error& error)
{
    return error.category() == Error::Category::Permission &&
           (error.detail() == kLocked || error.detail() == kWrongPinNowLocked);
}

bool PeopleStore::isNotManager(const Error& error)
{
    return error.category() == Error::Category::Permission && error.detail() == kNotManager;
}

} // namespace counterpay::people
