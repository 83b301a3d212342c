#include "ReplySigner.h"

#include "alipay/Rsa2.h"
#include "common/Utf8.h"

#include <QStringEncoder>

namespace counterpay::sandbox {

ReplySigner::ReplySigner(const GatewayIdentity& identity)
    : m_identity(identity)
{}

QString ReplySigner::memberFor(const QString& method)
{
    QString member = method;
    member.replace(u'.', u'_');
    return member + QStringLiteral("_response");
}

QString ReplySigner::sign(QByteArrayView content) const
{
    auto signature = alipay::Rsa2::sign(m_identity.privateKey, content);
    return signature ? *signature : QString();
}

QByteArray ReplySigner::body(const QString& member, const ResponseNode& node, const Options& options) const
{
    QByteArray nodeBytes = node.toJson();
    if (options.gbk) {
        QStringEncoder gbk("GBK");
        nodeBytes = gbk.encode(Utf8::decode(nodeBytes));
    }
    if (options.cipher) {
        auto encrypted = options.cipher->encrypt(nodeBytes);
        if (encrypted)
            nodeBytes = '"' + *encrypted + '"';
    }

    // The envelope is not escaped like the node: Alipay's sign is plain base64, '/' and all.
    QByteArray out = "{\"" + member.toLatin1() + "\":" + nodeBytes;
    if (!m_identity.alipayCertSn.isEmpty() && options.sign)
        out += ",\"alipay_cert_sn\":\"" + m_identity.alipayCertSn.toLatin1() + '"';
    if (options.sign) {
        QString signature = sign(nodeBytes);
        if (options.corruptSignature && !signature.isEmpty()) {
            // Still clean base64 of the right length: only the RSA check can tell.
            const qsizetype i = signature.size() / 2;
            signature[i] = signature[i] == u'A' ? u'B' : u'A';
        }
        out += ",\"sign\":\"" + signature.toLatin1() + '"';
    }
    out += '}';
    return out;
}

} // namespace counterpay::sandbox
