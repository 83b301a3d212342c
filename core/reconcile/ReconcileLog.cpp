#include "reconcile/ReconcileLog.h"

namespace counterpay::reconcile {

Q_LOGGING_CATEGORY(lcReconcile, "counterpay.reconcile")

} // namespace counterpay::reconcile
