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

// The name a guarded command records as its approver. With people in the book: a manager with their
// PIN, as approveAsManager. In a single-user shop (nobody set up) there is no PIN to ask: `named`
// (what the command was given) or else the user running the command.
Result<QString> approvingName(people::PeopleStore& people, const QString& command, const QString& manager,
                              const QString& pinFile, const QString& named);

} // namespace counterpay::cli
