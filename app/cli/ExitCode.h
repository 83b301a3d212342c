#pragma once

#include "common/Error.h"

namespace counterpay::cli {

// The CLI's exit codes (DESIGN.md §6), the contract scripts rely on.
enum ExitCode
{
    Ok = 0,
    Usage = 2, // usage or input
    SecurityFailure = 3,
    BusinessRefusal = 4,
    NetworkOrGateway = 5,
    UnknownOutcome = 6,
    ConfigProblem = 7,
    StorageProblem = 8,
    BooksDisagree = 9,  // reconcile: the order book and Alipay's bill differ
    NotAuthorised = 10, // a wrong PIN, a person locked after wrong PINs, or a cashier where a manager must approve
};

int exitCodeFor(const Error& error);
// Prints the error for the person (stderr) and returns its exit code.
int report(const Error& error);

} // namespace counterpay::cli
