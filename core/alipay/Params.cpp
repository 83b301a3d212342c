#include "alipay/Params.h"

#include <algorithm>

namespace counterpay::alipay {

Params::Params(std::initializer_list<Entry> entries)
{
    for (const auto& [key, value] : entries)
        set(key, value);
}

void Params::set(const QString& key, const QString& value)
{
    for (auto& entry : m_entries) {
        if (entry.first == key) {
            entry.second = value;
            return;
        }
    }
    m_entries.append({key, value});
}

bool Params::add(const QString& key, const QString& value)
{
    if (contains(key))
        return false;
    m_entries.append({key, value});
    return true;
}

void Params::remove(const QString& key)
{
    m_entries.removeIf([&](const Entry& entry) { return entry.first == key; });
}

bool Params::contains(const QString& key) const
{
    return std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry& entry) { return entry.first == key; });
}

QString Params::value(const QString& key) const
{
    for (const auto& entry : m_entries) {
        if (entry.first == key)
            return entry.second;
    }
    return {};
}

} // namespace counterpay::alipay
