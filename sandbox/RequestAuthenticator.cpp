#include "RequestAuthenticator.h"

#include "ReplySigner.h"
#include "alipay/FormCodec.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "alipay/Timestamp.h"
#include "common/Utf8.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>
#include <QStringEncoder>

#include <optional>

namespace counterpay::sandbox {

namespace {

using alipay::Params;

const QString kErrorResponse = QStringLiteral("error_response");

// The charset named in a form part (query string or body) before anything is decoded: its value is
// ASCII whatever the charset.
std::optional<QByteArray> sniffCharset(QByteArrayView form)
{
    for (const QByteArrayView pair : QByteArray::fromRawData(form.data(), form.size()).split('&')) {
        if (pair.startsWith("charset="))
            return QByteArray::fromPercentEncoding(pair.sliced(8).toByteArray()).trimmed().toLower();
    }
    return std::nullopt;
}

bool isGbk(const QByteArray& charset)
{
    return charset == "gbk" || charset == "gb2312" || charset == "gb18030";
}

// A GBK form: as FormCodec, but the percent-decoded bytes are GBK text.
std::optional<Params> decodeGbkForm(QByteArrayView form)
{
    Params params;
    QStringDecoder gbk("GB18030", QStringDecoder::Flag::Stateless);
    for (QByteArray pair : QByteArray::fromRawData(form.data(), form.size()).split('&')) {
        if (pair.isEmpty())
            continue;
        pair.replace('+', ' ');
        const qsizetype eq = pair.indexOf('=');
        const QString key = gbk(QByteArray::fromPercentEncoding(eq < 0 ? pair : pair.left(eq)));
        const QString value = gbk(QByteArray::fromPercentEncoding(eq < 0 ? QByteArray() : pair.mid(eq + 1)));
        if (gbk.hasError() || key.isEmpty() || !params.add(key, value))
            return std::nullopt;
    }
    return params;
}

std::optional<Params> decodeForm(QByteArrayView form, bool gbk)
{
    if (gbk)
        return decodeGbkForm(form);
    auto params = alipay::FormCodec::decode(form);
    return params ? std::optional<Params>(*params) : std::nullopt;
}

GatewayRefusal refuse(const QString& member, ResponseNode node, const SandboxApp* app = nullptr, bool gbk = false)
{
    return GatewayRefusal{member, std::move(node), app, gbk};
}

} // namespace

RequestAuthenticator::RequestAuthenticator(const Environment& environment, const Clock& clock, QStringList methods)
    : m_environment(environment)
    , m_clock(clock)
    , m_methods(std::move(methods))
{}

QString RequestAuthenticator::invalidSignatureMessage(const QString& signContent)
{
    return QStringLiteral("验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：") +
           signContent;
}

std::variant<GatewayCall, GatewayRefusal>
RequestAuthenticator::authenticate(QByteArrayView rawQuery, QByteArrayView body, QByteArrayView contentType) const
{
    const bool formBody = QByteArray::fromRawData(contentType.data(), contentType.size())
                              .toLower()
                              .startsWith("application/x-www-form-urlencoded");
    const QByteArray charset =
        sniffCharset(rawQuery).value_or(formBody ? sniffCharset(body).value_or(QByteArray()) : QByteArray());
    const bool gbk = isGbk(charset);

    const auto badParameters = [&](const QString& why) {
        return refuse(kErrorResponse, ResponseNode::invalidArgument(QStringLiteral("isv.invalid-parameter"),
                                                                    QStringLiteral("参数无效：") + why));
    };
    auto params = decodeForm(rawQuery, gbk);
    if (!params)
        return badParameters(QStringLiteral("查询字符串无法解析"));
    if (formBody && !body.isEmpty()) {
        auto bodyParams = decodeForm(body, gbk);
        if (!bodyParams)
            return badParameters(QStringLiteral("请求体无法解析"));
        for (const auto& [key, value] : *bodyParams) {
            if (!params->add(key, value))
                return badParameters(QStringLiteral("参数 %1 重复").arg(key));
        }
    }
    const auto text = [&](const char* key) { return params->value(QString::fromLatin1(key)); };

    // Until the method is known the reply can only be "error_response".
    const QString method = text("method");
    if (method.isEmpty())
        return refuse(kErrorResponse, ResponseNode::missingArgument(QStringLiteral("isv.missing-method"),
                                                                    QStringLiteral("缺少方法名参数")));
    if (!m_methods.contains(method))
        return refuse(kErrorResponse, ResponseNode::invalidArgument(QStringLiteral("isv.invalid-method"),
                                                                    QStringLiteral("不存在的方法名")));
    const QString member = ReplySigner::memberFor(method);

    const QString appId = text("app_id");
    if (appId.isEmpty())
        return refuse(member, ResponseNode::missingArgument(QStringLiteral("isv.missing-app-id"),
                                                            QStringLiteral("缺少appId参数")));
    const SandboxApp* app = m_environment.app(appId);
    if (!app)
        return refuse(member, ResponseNode::invalidArgument(QStringLiteral("isv.invalid-app-id"),
                                                            QStringLiteral("无效的appId参数")));

    // From here on the reply is signed: the gateway knows which app it answers.
    const auto missing = [&](const char* subCode, const QString& subMsg) {
        return refuse(member, ResponseNode::missingArgument(QString::fromLatin1(subCode), subMsg), app, gbk);
    };
    const auto invalid = [&](const char* subCode, const QString& subMsg) {
        return refuse(member, ResponseNode::invalidArgument(QString::fromLatin1(subCode), subMsg), app, gbk);
    };

    if (charset != "utf-8" && charset != "utf8" && !gbk)
        return invalid("isv.invalid-charset", QStringLiteral("字符集错误"));
    const QString format = text("format");
    if (!format.isEmpty() && format.compare(u"json", Qt::CaseInsensitive) != 0)
        return invalid("isv.invalid-format", QStringLiteral("无效的数据格式"));

    const QString signType = text("sign_type");
    if (signType.isEmpty())
        return missing("isv.missing-signature-type", QStringLiteral("缺少签名类型参数"));
    if (signType == u"RSA")
        return invalid("isv.missing-signature-config", QStringLiteral("验签出错, 未配置对应签名算法的公钥或者证书"));
    if (signType != u"RSA2")
        return invalid("isv.invalid-signature-type", QStringLiteral("无效的签名类型"));
    const QString signature = text("sign");
    if (signature.isEmpty())
        return missing("isv.missing-signature", QStringLiteral("缺少签名参数"));

    const QString timestamp = text("timestamp");
    if (timestamp.isEmpty())
        return missing("isv.missing-timestamp", QStringLiteral("缺少时间戳参数"));
    const std::optional<QDateTime> sentAt = alipay::Timestamp::parse(timestamp);
    if (!sentAt || qAbs(sentAt->secsTo(m_clock.now())) > kTimestampWindowSeconds)
        return invalid("isv.invalid-timestamp", QStringLiteral("非法的时间戳参数"));
    const QString version = text("version");
    if (version.isEmpty())
        return missing("isv.missing-version", QStringLiteral("缺少版本参数"));
    if (version != u"1.0")
        return invalid("isv.invalid-parameter", QStringLiteral("参数无效：version 只支持 1.0"));

    if (app->signMode == SandboxApp::SignMode::Certificate) {
        const QString appCertSn = text("app_cert_sn");
        const QString rootCertSn = text("alipay_root_cert_sn");
        if (appCertSn.isEmpty())
            return missing("isv.missing-app-cert-sn", QStringLiteral("缺少应用公钥证书序列号参数app_cert_sn"));
        if (rootCertSn.isEmpty())
            return missing("isv.missing-alipay-root-cert-sn",
                           QStringLiteral("缺少支付宝根证书序列号参数alipay_root_cert_sn"));
        if (appCertSn != app->appCertSn)
            return invalid("isv.invalid-app-cert-sn", QStringLiteral("应用公钥证书序列号与上传的应用公钥证书不匹配"));
        if (rootCertSn != m_environment.gateway().rootCertSn)
            return invalid("isv.invalid-alipay-root-cert-sn", QStringLiteral("支付宝根证书序列号不正确"));
    }

    const QByteArray content = alipay::SignContent::forRequest(*params);
    QByteArray signedBytes = content;
    if (gbk) {
        // The client signed the GBK bytes of the same text.
        QStringEncoder encoder("GB18030");
        signedBytes = encoder.encode(Utf8::decode(content));
    }
    if (!alipay::Rsa2::verify(app->publicKey, signedBytes, signature))
        return invalid("isv.invalid-signature", invalidSignatureMessage(Utf8::decode(content)));

    GatewayCall call;
    call.app = app;
    call.method = method;
    call.gbk = gbk;
    QByteArray bizText = text("biz_content").toUtf8();
    const QString encryptType = text("encrypt_type");
    if (!encryptType.isEmpty()) {
        if (encryptType != u"AES")
            return invalid("isv.invalid-encrypt-type", QStringLiteral("无效的加密类型"));
        if (!app->cipher)
            return invalid("isv.decryption-error-not-valid-encrypt-key",
                           QStringLiteral("解密出错, 未配置加密密钥或加密密钥格式错误"));
        auto plain = app->cipher->decrypt(bizText);
        if (!plain)
            return invalid("isv.invalid-encrypt", QStringLiteral("解密异常"));
        QStringDecoder gbkDecoder("GB18030", QStringDecoder::Flag::Stateless);
        bizText = (gbk ? QString(gbkDecoder(*plain)) : Utf8::decode(*plain)).toUtf8();
        call.encrypted = true;
    }
    if (bizText.isEmpty())
        return invalid("isv.invalid-parameter", QStringLiteral("参数无效：biz_content 不能为空"));
    QJsonParseError parseError;
    const QJsonDocument document = Utf8::parseJson(bizText, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return invalid("isv.invalid-parameter", QStringLiteral("参数无效：biz_content 不是 JSON 对象"));
    call.biz = document.object();
    call.params = *params;
    return call;
}

} // namespace counterpay::sandbox
