#pragma once

#include "common/Result.h"
#include "people/PeopleStore.h"

#include <QString>

namespace counterpay::cli {

class PinReader;

// A manager's approval on the command line: --manager NAME, then that manager's PIN from `pins`.
// Refusals are PeopleStore's (wrong PIN, locked, a cashier), which exit with NotAuthorised.
Result<people::Person> approveAsManager(people::PeopleStore& people, const QString& command, const QString& manager,
                                        PinReader& pins);

} // namespace counterpay::cli
