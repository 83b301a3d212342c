#pragma once

#include <QString>

namespace counterpay {

// The one error type of the product (DESIGN.md §6). message() is written for the person who can act
// on it (cashier, manager or integrator); detail() is for the log and never holds a secret.
class Error
{
public:
    enum class Category
    {
        Input,      // the person typed or passed something unusable
        Config,     // configuration, key or certificate problem
        Network,    // the request never reached the gateway (nothing happened there)
        Gateway,    // the gateway answered with an HTTP or protocol error
        Security,   // a signature or identity check failed
        Business,   // Alipay refused (40004 and friends)
        Unknown,    // the outcome is not known (timeout after sending, 20000): must be queried
        Permission, // the user may not do this
        Storage,    // the local database failed
    };

    Error() = default;
    Error(Category category, QString message, QString detail = {}, QString code = {}, QString subCode = {});

    static Error input(QString message, QString detail = {});
    static Error config(QString message, QString detail = {});
    static Error network(QString message, QString detail = {});
    static Error gateway(QString message, QString detail = {});
    static Error security(QString message, QString detail = {});
    static Error unknown(QString message, QString detail = {});
    static Error storage(QString message, QString detail = {});

    Category category() const { return m_category; }
    const QString& message() const { return m_message; }
    const QString& detail() const { return m_detail; }
    // Alipay's answer code ("40004", "10003", ...) and sub_code ("ACQ.TRADE_NOT_EXIST"), when there is one.
    const QString& code() const { return m_code; }
    const QString& subCode() const { return m_subCode; }

    Error& withCode(QString code, QString subCode);
    // Prefixes the message with where it came from ("config.ini: ...").
    Error& withContext(const QString& context);

    static QString categoryName(Category category);
    // One line for logs and the CLI: "message [code sub_code] (detail)".
    QString toString() const;

private:
    Category m_category = Category::Unknown;
    QString m_message;
    QString m_detail;
    QString m_code;
    QString m_subCode;
};

} // namespace counterpay
