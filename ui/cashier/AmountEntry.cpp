#include "cashier/AmountEntry.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace counterpay::ui {

bool AmountEntry::digit(int value)
{
    if (value < 0 || value > 9)
        return false;
    // "0" then "5" is "5", not "05".
    if (m_text == u"0")
        return accept(QString::number(value));
    return accept(m_text + QChar(u'0' + value));
}

bool AmountEntry::point()
{
    if (m_text.contains(u'.'))
        return false;
    return accept(m_text.isEmpty() ? QStringLiteral("0.") : m_text + u'.');
}

bool AmountEntry::backspace()
{
    if (m_text.isEmpty())
        return false;
    m_text.chop(1);
    return true;
}

bool AmountEntry::set(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        m_text.clear();
        return true;
    }
    return accept(trimmed);
}

bool AmountEntry::accept(const QString& candidate)
{
    // Nine integer digits at most (100000000.00 is the largest amount), no leading zero, two decimals.
    static const QRegularExpression shape(QStringLiteral("^(0|[1-9][0-9]{0,8})(\\.[0-9]{0,2})?$"));
    if (!shape.match(candidate).hasMatch())
        return false;
    QString complete = candidate;
    if (complete.endsWith(u'.'))
        complete.chop(1);
    auto money = Money::parse(complete, Money::Kind::NonNegative);
    if (!money || money->fen() > Money::kMaxChargeFen)
        return false;
    m_text = candidate;
    return true;
}

QString AmountEntry::display() const
{
    return m_text.isEmpty() ? QStringLiteral("0.00") : m_text;
}

Result<Money> AmountEntry::amount() const
{
    if (m_text.isEmpty())
        return Error::input(QCoreApplication::translate("AmountEntry", "Type the amount first."));
    QString text = m_text;
    if (text.endsWith(u'.'))
        text.chop(1);
    auto money = Money::parse(text);
    if (!money)
        return Error::input(
            QCoreApplication::translate("AmountEntry", "%1 is not an amount that can be charged.").arg(m_text));
    return money;
}

} // namespace counterpay::ui
