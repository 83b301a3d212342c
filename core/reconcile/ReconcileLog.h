#pragma once

#include <QLoggingCategory>

namespace counterpay::reconcile {

Q_DECLARE_LOGGING_CATEGORY(lcReconcile)

} // namespace counterpay::reconcile
