#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <utility>

namespace counterpay::sandbox {

// The value of a reply's `<method>_response` member, written the way Alipay's gateway writes it:
// compact, members in the order they were added (code and msg first), non-ASCII as raw UTF-8 and '/'
// escaped as "\/" ("https:\/\/qr.alipay.com\/bax..."). A client that re-serialises the node instead
// of verifying the bytes it received fails against these replies, as it would against Alipay.
class ResponseNode
{
public:
    static constexpr auto kSuccess = "10000";

    ResponseNode() = default;

    static ResponseNode success();
    // code 10003, "order success pay inprocess": the buyer still has to confirm (alipay.trade.pay).
    static ResponseNode inProcess();
    // 40004 "Business Failed" with an ACQ.* sub_code.
    static ResponseNode businessFailed(const QString& subCode, const QString& subMsg);
    // 40001 "Missing Required Arguments", 40002 "Invalid Arguments", 20000 "Service Currently
    // Unavailable": the gateway's own refusals.
    static ResponseNode missingArgument(const QString& subCode, const QString& subMsg);
    static ResponseNode invalidArgument(const QString& subCode, const QString& subMsg);
    static ResponseNode serviceUnavailable();

    // Replaces the value when the key is present, keeping its position.
    ResponseNode& set(const QString& key, const QJsonValue& value);
    // Adds only when `value` is not empty (Alipay leaves out absent fields rather than sending "").
    ResponseNode& setIfNotEmpty(const QString& key, const QString& value);

    QString code() const;
    QString subCode() const;
    QJsonValue value(const QString& key) const;
    bool contains(const QString& key) const;

    QByteArray toJson() const;

    // A JSON string token in Alipay's escaping, quotes included.
    static QByteArray quote(const QString& text);
    static QByteArray encodeValue(const QJsonValue& value);

private:
    QList<std::pair<QString, QJsonValue>> m_members;
};

} // namespace counterpay::sandbox
