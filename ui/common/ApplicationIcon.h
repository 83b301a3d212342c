#pragma once

#include <QIcon>

namespace counterpay::ui {

// CounterPay's icon, a paid receipt, for QApplication::setWindowIcon: the PNG renderings of
// resources/icons/counterpay.svg at 16 to 256 px, each size exact (Qt's SVG icon engine would keep
// only one of them). The desktop entry (resources/counterpay.desktop) names the same icon
// "counterpay"; :/icons/counterpay.svg is there for QSvgRenderer at any larger size.
QIcon applicationIcon();

} // namespace counterpay::ui
