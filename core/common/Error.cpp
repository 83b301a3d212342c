#include "common/Error.h"

namespace counterpay {

Error::Error(Category category, QString message, QString detail, QString code, QString subCode)
    : m_category(category)
    , m_message(std::move(message))
    , m_detail(std::move(detail))
    , m_code(std::move(code))
    , m_subCode(std::move(subCode))
{}

Error Error::input(QString message, QString detail)
{
    return {Category::Input, std::move(message), std::move(detail)};
}

Error Error::config(QString message, QString detail)
{
    return {Category::Config, std::move(message), std::move(detail)};
}

Error Error::network(QString message, QString detail)
{
    return {Category::Network, std::move(message), std::move(detail)};
}

Error Error::gateway(QString message, QString detail)
{
    return {Category::Gateway, std::move(message), std::move(detail)};
}

Error Error::security(QString message, QString detail)
{
    return {Category::Security, std::move(message), std::move(detail)};
}

Error Error::unknown(QString message, QString detail)
{
    return {Category::Unknown, std::move(message), std::move(detail)};
}

Error Error::storage(QString message, QString detail)
{
    return {Category::Storage, std::move(message), std::move(detail)};
}

Error& Error::withCode(QString code, QString subCode)
{
    m_code = std::move(code);
    m_subCode = std::move(subCode);
    return *this;
}

Error& Error::withContext(const QString& context)
{
    m_message = context + QStringLiteral(": ") + m_message;
    return *this;
}

QString Error::categoryName(Category category)
{
    switch (category) {
    case Category::Input:
        return QStringLiteral("input");
    case Category::Config:
        return QStringLiteral("config");
    case Category::Network:
        return QStringLiteral("network");
    case Category::Gateway:
        return QStringLiteral("gateway");
    case Category::Security:
        return QStringLiteral("security");
    case Category::Business:
        return QStringLiteral("business");
    case Category::Unknown:
        return QStringLiteral("unknown");
    case Category::Permission:
        return QStringLiteral("permission");
    case Category::Storage:
        return QStringLiteral("storage");
    }
    return QStringLiteral("unknown");
}

QString Error::toString() const
{
    QString text = m_message;
    if (!m_code.isEmpty() || !m_subCode.isEmpty())
        text += QStringLiteral(" [") + m_code + (m_subCode.isEmpty() ? QString() : QStringLiteral(" ") + m_subCode) +
                QStringLiteral("]");
    if (!m_detail.isEmpty())
        text += QStringLiteral(" (") + m_detail + QStringLiteral(")");
    return text;
}

} // namespace counterpay
