#pragma once

#include <QList>
#include <QString>

#include <utility>

namespace counterpay::alipay {

// The parameters of a gateway request or a notification: text keys and values in the order they
// came, each key at most once.
class Params
{
public:
    using Entry = std::pair<QString, QString>;

    Params() = default;
    Params(std::initializer_list<Entry> entries);

    // Replaces an existing value.
    void set(const QString& key, const QString& value);
    // false when the key is already present (a duplicate in a form body is refused, never merged).
    bool add(const QString& key, const QString& value);
    void remove(const QString& key);

    bool contains(const QString& key) const;
    QString value(const QString& key) const;

    const QList<Entry>& entries() const { return m_entries; }
    qsizetype size() const { return m_entries.size(); }
    auto begin() const { return m_entries.cbegin(); }
    auto end() const { return m_entries.cend(); }

private:
    QList<Entry> m_entries;
};

} // namespace counterpay::alipay
