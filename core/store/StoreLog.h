#pragma once

#include <QLoggingCategory>

namespace counterpay::store {

Q_DECLARE_LOGGING_CATEGORY(lcStore)

} // namespace counterpay::store
