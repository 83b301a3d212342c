#include "staff/PinField.h"

#include <QRegularExpressionValidator>

namespace counterpay::ui {

PinField::PinField(QWidget* parent)
    : QLineEdit(parent)
{
    setObjectName(QStringLiteral("pinField"));
    setEchoMode(QLineEdit::Password);
    setAttribute(Qt::WA_InputMethodEnabled, false);
    setInputMethodHints(Qt::ImhDigitsOnly | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,8}")), this));
    setMaxLength(8);
    setAccessibleName(tr("PIN"));
}

} // namespace counterpay::ui
