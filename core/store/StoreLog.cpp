#include "store/StoreLog.h"

namespace counterpay::store {

// Debug lines (each order created or moved) only when asked for: QT_LOGGING_RULES="counterpay.store.debug=true".
Q_LOGGING_CATEGORY(lcStore, "counterpay.store", QtInfoMsg)

} // namespace counterpay::store
