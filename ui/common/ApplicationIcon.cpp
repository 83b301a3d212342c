#include "common/ApplicationIcon.h"

namespace counterpay::ui {

QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/png/counterpay-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace counterpay::ui
