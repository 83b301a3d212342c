#pragma once

#include <QByteArray>
#include <QString>

namespace counterpay::alipay {

// One OpenAPI call before the common parameters are added: the method and its biz_content, which is
// serialised once and sent exactly as signed.
struct ApiRequest
{
    QString method;        // "alipay.trade.precreate"
    QByteArray bizContent; // compact JSON text
    QString notifyUrl;     // only for calls whose trade may notify
};

} // namespace counterpay::alipay
