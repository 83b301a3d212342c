#include "ResponseNode.h"

#include <QJsonArray>
#include <QJsonObject>

namespace counterpay::sandbox {

ResponseNode ResponseNode::success()
{
    ResponseNode node;
    node.set(QStringLiteral("code"), QString::fromLatin1(kSuccess));
    node.set(QStringLiteral("msg"), QStringLiteral("Success"));
    return node;
}

ResponseNode ResponseNode::inProcess()
{
    ResponseNode node;
    node.set(QStringLiteral("code"), QStringLiteral("10003"));
    node.set(QStringLiteral("msg"), QStringLiteral("order success pay inprocess"));
    return node;
}

namespace {

ResponseNode failure(const char* code, const char* msg, const QString& subCode, const QString& subMsg)
{
    ResponseNode node;
    node.set(QStringLiteral("code"), QString::fromLatin1(code));
    node.set(QStringLiteral("msg"), QString::fromLatin1(msg));
    node.set(QStringLiteral("sub_code"), subCode);
    node.set(QStringLiteral("sub_msg"), subMsg);
    return node;
}

} // namespace

ResponseNode ResponseNode::businessFailed(const QString& subCode, const QString& subMsg)
{
    return failure("40004", "Business Failed", subCode, subMsg);
}

ResponseNode ResponseNode::missingArgument(const QString& subCode, const QString& subMsg)
{
    return failure("40001", "Missing Required Arguments", subCode, subMsg);
}

ResponseNode ResponseNode::invalidArgument(const QString& subCode, const QString& subMsg)
{
    return failure("40002", "Invalid Arguments", subCode, subMsg);
}

ResponseNode ResponseNode::serviceUnavailable()
{
    return failure("20000", "Service Currently Unavailable", QStringLiteral("isp.unknow-error"),
                   QStringLiteral("系统繁忙"));
}

ResponseNode& ResponseNode::set(const QString& key, const QJsonValue& value)
{
    for (auto& member : m_members) {
        if (member.first == key) {
            member.second = value;
            return *this;
        }
    }
    m_members.emplace_back(key, value);
    return *this;
}

ResponseNode& ResponseNode::setIfNotEmpty(const QString& key, const QString& value)
{
    if (!value.isEmpty())
        set(key, value);
    return *this;
}

QString ResponseNode::code() const
{
    return value(QStringLiteral("code")).toString();
}

QString ResponseNode::subCode() const
{
    return value(QStringLiteral("sub_code")).toString();
}

QJsonValue ResponseNode::value(const QString& key) const
{
    for (const auto& member : m_members) {
        if (member.first == key)
            return member.second;
    }
    return QJsonValue(QJsonValue::Undefined);
}

bool ResponseNode::contains(const QString& key) const
{
    return !value(key).isUndefined();
}

QByteArray ResponseNode::toJson() const
{
    QByteArray out = "{";
    bool first = true;
    for (const auto& [key, value] : m_members) {
        if (!first)
            out += ',';
        first = false;
        out += quote(key);
        out += ':';
        out += encodeValue(value);
    }
    out += '}';
    return out;
}

QByteArray ResponseNode::quote(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '/':
            out += "\\/";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

QByteArray ResponseNode::encodeValue(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return quote(value.toString());
    case QJsonValue::Bool:
        return value.toBool() ? "true" : "false";
    case QJsonValue::Double:
        return QByteArray::number(value.toInteger());
    case QJsonValue::Array: {
        QByteArray out = "[";
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out += ',';
            out += encodeValue(array.at(i));
        }
        return out + ']';
    }
    case QJsonValue::Object: {
        // Nested objects (fund_bill_list entries) keep QJsonObject's order, which is by key.
        QByteArray out = "{";
        const QJsonObject object = value.toObject();
        bool first = true;
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!first)
                out += ',';
            first = false;
            out += quote(it.key()) + ':' + encodeValue(it.value());
        }
        return out + '}';
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return "null";
}

} // namespace counterpay::sandbox
