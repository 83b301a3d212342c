#pragma once

#include <QString>

#include <functional>
#include <optional>

class QWidget;

namespace counterpay::ui {

// Asks, on the spot, for a manager's approval of `what` ("Refund ¥ 5.00 of T1-20261130-000012"):
// returns the approving manager's name, or nothing when none was given. The app's answer asks for a
// manager's name and PIN (PinDialog); in a single-user shop, with nobody set up, it approves as the
// shop's owner; tests answer directly.
using ManagerApproval = std::function<std::optional<QString>(QWidget* parent, const QString& what)>;

} // namespace counterpay::ui
