#include "FaultPlan.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <array>

namespace counterpay::sandbox {

namespace {

struct KindName
{
    FaultPlan::Kind kind;
    const char* name;
};

constexpr std::array kKindNames{
    KindName{FaultPlan::Kind::Latency, "latency"},
    KindName{FaultPlan::Kind::Drop, "drop"},
    KindName{FaultPlan::Kind::Http502, "http_502"},
    KindName{FaultPlan::Kind::Http504, "http_504"},
    KindName{FaultPlan::Kind::Code20000, "code_20000"},
    KindName{FaultPlan::Kind::BadSignature, "bad_signature"},
    KindName{FaultPlan::Kind::LostReply, "lost_reply"},
    KindName{FaultPlan::Kind::NotifyDuplicate, "notify_duplicate"},
    KindName{FaultPlan::Kind::NotifyOutOfOrder, "notify_out_of_order"},
};

QString tr(const char* text)
{
    return QCoreApplication::translate("FaultPlan", text);
}

bool isNotificationKind(FaultPlan::Kind kind)
{
    return kind == FaultPlan::Kind::NotifyDuplicate || kind == FaultPlan::Kind::NotifyOutOfOrder;
}

Result<FaultPlan::Kind> kindFromName(const QString& name)
{
    for (const auto& entry : kKindNames) {
        if (name == QLatin1String(entry.name))
            return entry.kind;
    }
    return Error::input(tr("unknown fault \"%1\" (known: %2)").arg(name, FaultPlan::kindNames().join(u", ")));
}

Result<void> checkRule(const FaultPlan::Rule& rule)
{
    if (!(rule.rate >= 0.0 && rule.rate <= 1.0))
        return Error::input(tr("a fault's rate must be between 0 and 1"));
    if (rule.count < -1)
        return Error::input(tr("a fault's count must be 0 or more"));
    if (rule.ms < 0 || rule.ms > 600'000)
        return Error::input(tr("a fault's ms must be between 0 and 600000"));
    return {};
}

} // namespace

FaultPlan::FaultPlan(quint64 seed)
{
    reseed(seed);
}

void FaultPlan::reseed(quint64 seed)
{
    m_seed = seed;
    m_random.seed(seed);
}

bool FaultPlan::fires(Rule& rule)
{
    // One draw per matching rule whatever its rate or count, so adding a rule that cannot fire
    // does not shift the decisions of the rules after it on a later run.
    const double draw = static_cast<double>(m_random() >> 11) * 0x1.0p-53;
    if (rule.count == 0 || draw >= rule.rate)
        return false;
    if (rule.count > 0)
        --rule.count;
    return true;
}

FaultPlan::CallFaults FaultPlan::decideForCall(const QString& method)
{
    CallFaults faults;
    for (Rule& rule : m_rules) {
        if (isNotificationKind(rule.kind) || (!rule.method.isEmpty() && rule.method != method))
            continue;
        if (!fires(rule))
            continue;
        faults.fired.append(kindName(rule.kind));
        if (rule.kind == Kind::Latency) {
            faults.latencyMs += rule.ms;
            continue;
        }
        if (faults.outcome != CallFaults::Outcome::Normal)
            continue; // the first outcome wins; later ones still drew, for reproducibility
        switch (rule.kind) {
        case Kind::Drop:
            faults.outcome = CallFaults::Outcome::Drop;
            break;
        case Kind::Http502:
            faults.outcome = CallFaults::Outcome::Http502;
            break;
        case Kind::Http504:
            faults.outcome = CallFaults::Outcome::Http504;
            break;
        case Kind::Code20000:
            faults.outcome = CallFaults::Outcome::Code20000;
            break;
        case Kind::BadSignature:
            faults.outcome = CallFaults::Outcome::BadSignature;
            break;
        case Kind::LostReply:
            faults.outcome = CallFaults::Outcome::LostReply;
            faults.holdMs = rule.ms;
            break;
        case Kind::Latency:
        case Kind::NotifyDuplicate:
        case Kind::NotifyOutOfOrder:
            break;
        }
    }
    return faults;
}

FaultPlan::NotifyFaults FaultPlan::decideForNotification()
{
    NotifyFaults faults;
    for (Rule& rule : m_rules) {
        if (!isNotificationKind(rule.kind) || !fires(rule))
            continue;
        if (rule.kind == Kind::NotifyDuplicate)
            faults.duplicate = true;
        else
            faults.holdMs = rule.ms > 0 ? rule.ms : kDefaultOutOfOrderHoldMs;
    }
    return faults;
}

Result<FaultPlan::Rule> FaultPlan::parseSpec(const QString& spec)
{
    const qsizetype colon = spec.indexOf(u':');
    auto kind = kindFromName(spec.left(colon).trimmed());
    if (!kind)
        return kind.error();
    Rule rule;
    rule.kind = *kind;
    if (colon >= 0) {
        for (const QString& option : spec.mid(colon + 1).split(u',', Qt::SkipEmptyParts)) {
            const qsizetype eq = option.indexOf(u'=');
            const QString key = option.left(eq).trimmed();
            const QString value = eq < 0 ? QString() : option.mid(eq + 1).trimmed();
            bool ok = eq >= 0;
            if (key == u"rate")
                rule.rate = value.toDouble(&ok);
            else if (key == u"count")
                rule.count = value.toInt(&ok);
            else if (key == u"ms")
                rule.ms = value.toInt(&ok);
            else if (key == u"method")
                rule.method = value;
            else
                return Error::input(tr("unknown fault option \"%1\" (known: rate, count, ms, method)").arg(key));
            if (!ok)
                return Error::input(tr("fault option \"%1\" needs a number").arg(option));
        }
    }
    if (auto checked = checkRule(rule); !checked)
        return checked.error();
    return rule;
}

Result<FaultPlan::Rule> FaultPlan::ruleFromJson(const QJsonObject& json)
{
    auto kind = kindFromName(json.value(u"kind").toString());
    if (!kind)
        return kind.error();
    Rule rule;
    rule.kind = *kind;
    rule.rate = json.value(u"rate").toDouble(1.0);
    rule.count = json.value(u"count").toInt(-1);
    rule.ms = json.value(u"ms").toInt(0);
    rule.method = json.value(u"method").toString();
    if (auto checked = checkRule(rule); !checked)
        return checked.error();
    return rule;
}

QJsonObject FaultPlan::ruleToJson(const Rule& rule)
{
    QJsonObject json{{QStringLiteral("kind"), kindName(rule.kind)},
                     {QStringLiteral("rate"), rule.rate},
                     {QStringLiteral("count"), rule.count},
                     {QStringLiteral("ms"), rule.ms}};
    if (!rule.method.isEmpty())
        json.insert(QStringLiteral("method"), rule.method);
    return json;
}

QString FaultPlan::kindName(Kind kind)
{
    for (const auto& entry : kKindNames) {
        if (entry.kind == kind)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

QStringList FaultPlan::kindNames()
{
    QStringList names;
    for (const auto& entry : kKindNames)
        names.append(QString::fromLatin1(entry.name));
    return names;
}

Result<void> FaultPlan::replaceFromJson(const QJsonObject& json)
{
    QList<Rule> rules;
    const QJsonValue faults = json.value(u"faults");
    if (!faults.isUndefined() && !faults.isArray())
        return Error::input(tr("\"faults\" must be an array"));
    for (const QJsonValue entry : faults.toArray()) {
        if (!entry.isObject())
            return Error::input(tr("each fault must be an object"));
        auto rule = ruleFromJson(entry.toObject());
        if (!rule)
            return rule.error();
        rules.append(*rule);
    }
    const QJsonValue seed = json.value(u"seed");
    if (!seed.isUndefined()) {
        if (!seed.isDouble() || seed.toDouble() < 0)
            return Error::input(tr("\"seed\" must be a non-negative number"));
        reseed(static_cast<quint64>(seed.toInteger()));
    }
    m_rules = rules;
    return {};
}

QJsonObject FaultPlan::toJson() const
{
    QJsonArray rules;
    for (const Rule& rule : m_rules)
        rules.append(ruleToJson(rule));
    return QJsonObject{{QStringLiteral("seed"), static_cast<qint64>(m_seed)}, {QStringLiteral("faults"), rules}};
}

} // namespace counterpay::sandbox
