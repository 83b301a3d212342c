#pragma once

#include "Environment.h"
#include "ResponseNode.h"
#include "alipay/Params.h"
#include "common/Clock.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <variant>

namespace counterpay::sandbox {

// A gateway.do call whose app, common parameters and RSA2 signature checked out.
struct GatewayCall
{
    const SandboxApp* app = nullptr;
    QString method;
    alipay::Params params;
    QJsonObject biz;        // biz_content, decrypted when it came AES-encrypted
    bool gbk = false;       // charset=GBK: the reply is GBK too
    bool encrypted = false; // encrypt_type=AES: the reply is encrypted too
};

// What the gateway answers instead of running the call. `app` is null when the reply cannot be
// signed for anyone (no or unknown app_id).
struct GatewayRefusal
{
    QString member;
    ResponseNode node;
    const SandboxApp* app = nullptr;
    bool gbk = false;
};

// The gateway's front door, in Alipay's order of checks and with Alipay's answers (40001 missing,
// 40002 invalid): method, app_id, charset, format, sign_type, sign, timestamp (±15 minutes of the
// gateway's clock, in UTC+8), version, certificate serial numbers, then the RSA2 signature over the
// parameters (DESIGN.md §3), then encrypt_type and biz_content. Parameters come from the query string
// and the form body together, as Alipay's SDKs split them; each may appear once in all.
class RequestAuthenticator
{
public:
    static constexpr int kTimestampWindowSeconds = 15 * 60;

    RequestAuthenticator(const Environment& environment, const Clock& clock, QStringList methods);

    std::variant<GatewayCall, GatewayRefusal> authenticate(QByteArrayView rawQuery, QByteArrayView body,
                                                           QByteArrayView contentType) const;

    // "验签出错，...网关生成的验签字符串为：<content>", as Alipay words it.
    static QString invalidSignatureMessage(const QString& signContent);

private:
    const Environment& m_environment;
    const Clock& m_clock;
    QStringList m_methods;
};

} // namespace counterpay::sandbox
