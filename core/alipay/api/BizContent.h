#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace counterpay::alipay {

// biz_content is serialised once, here; the bytes go into the signature and onto the wire unchanged.
// Empty optional fields are left out rather than sent as "".
class BizContent
{
public:
    BizContent& set(const char* key, const QString& value)
    {
        if (!value.isEmpty())
            m_object.insert(QLatin1String(key), value);
        return *this;
    }
    QByteArray toJson() const;

private:
    QJsonObject m_object;
};

} // namespace counterpay::alipay
