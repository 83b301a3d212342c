#pragma once

#include <QLoggingCategory>

namespace counterpay::ui::feedback {

Q_DECLARE_LOGGING_CATEGORY(lcFeedback)

} // namespace counterpay::ui::feedback
