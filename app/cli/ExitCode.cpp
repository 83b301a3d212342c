#include "cli/ExitCode.h"

#include "cli/Console.h"
#include "people/PeopleStore.h"

namespace counterpay::cli {

int exitCodeFor(const Error& error)
{
    // A script must tell "try another PIN" (or wait out the lock) from a mistake in its own arguments.
    if (people::PeopleStore::isWrongPin(error) || people::PeopleStore::isLocked(error) ||
        people::PeopleStore::isNotManager(error))
        return NotAuthorised;
    switch (error.category()) {
    case Error::Category::Input:
    case Error::Category::Permission:
        return Usage;
    case Error::Category::Security:
        return SecurityFailure;
    case Error::Category::Business:
        return BusinessRefusal;
    case Error::Category::Network:
    case Error::Category::Gateway:
        return NetworkOrGateway;
    case Error::Category::Unknown:
        return UnknownOutcome;
    case Error::Category::Config:
        return ConfigProblem;
    case Error::Category::Storage:
        return StorageProblem;
    }
    return UnknownOutcome;
}

int report(const Error& error)
{
    Console::message(QStringLiteral("error (%1): %2").arg(Error::categoryName(error.category()), error.toString()));
    return exitCodeFor(error);
}

} // namespace counterpay::cli
