#pragma once

#include <QString>

class QApplication;

namespace counterpay::gui {

// Installs the app's translation (and Qt's own, for standard buttons) for `language` ("zh_CN", "en";
// empty: the system's). Simplified Chinese is the app's first language; English is the source text.
// Returns the language in use.
QString installTranslations(QApplication& app, const QString& language);

} // namespace counterpay::gui
