#include "alipay/api/BizContent.h"

#include <QJsonDocument>

namespace counterpay::alipay {

QByteArray BizContent::toJson() const
{
    return QJsonDocument(m_object).toJson(QJsonDocument::Compact);
}

} // namespace counterpay::alipay
