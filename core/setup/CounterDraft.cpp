#include "setup/CounterDraft.h"

#include "alipay/KeyText.h"
#include "alipay/PrivateKey.h"
#include "alipay/PublicKey.h"
#include "alipay/TradeFields.h"
#include "config/CounterSettings.h"
#include "people/PeopleStore.h"
#include "people/PinHash.h"
#include "setup/NewFiles.h"
#include "store/OrderStore.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include <utility>
#include <variant>

namespace counterpay::setup {

namespace {

using Field = CounterDraft::Field;
using SignMode = config::GatewayConfig::SignMode;
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kReadable = kOwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther;

QString name(const char* fileName)
{
    return QString::fromLatin1(fileName);
}

QString defaultTerminal()
{
    return QStringLiteral("T1");
}

// The draft as a counterpay.ini a person can read, with the README's comments. Values are the draft's own,
// one line each (evaluate() refuses line breaks before this is written).
QByteArray configText(const CounterDraft& draft)
{
    const bool certificates = draft.signMode == SignMode::Certificate;
    QString text;
    const auto line = [&text](const QString& content) { text += content + u'\n'; };
    const auto entry = [&line](const char* key, const QString& value) { line(QLatin1String(key) + u'=' + value); };
    line(QStringLiteral("; CounterPay: one counter's configuration, written by the setup."));
    line(QStringLiteral(
        "; Paths are relative to this file's folder. `counterpay-cli --config <this file> doctor` checks it"));
    line(QStringLiteral("; against Alipay's gateway."));
    line(QStringLiteral("[gateway]"));
    line(QStringLiteral("; production https://openapi.alipay.com/gateway.do, Alipay's sandbox "
                        "https://openapi-sandbox.dl.alipaydev.com/gateway.do"));
    entry("url", draft.gatewayUrl.toString(QUrl::FullyEncoded));
    line(QStringLiteral("; the app id (APPID) from Alipay's console"));
    entry("app_id", draft.appId);
    line(QStringLiteral("; public_key (公钥模式) or certificate (公钥证书模式)"));
    entry("sign_mode", certificates ? QStringLiteral("certificate") : QStringLiteral("public_key"));
    line(QStringLiteral(
        "; the app private key (应用私钥) signs every request: readable by you only, never sent anywhere"));
    entry("app_private_key", name(CounterDraft::kAppPrivateKeyFile));
    if (certificates) {
        line(QStringLiteral(
            "; certificate mode: the app's certificate, Alipay's certificate and Alipay's root bundle,"));
        line(QStringLiteral("; downloaded from Alipay's console together"));
        entry("app_cert", name(CounterDraft::kAppCertFile));
        entry("alipay_cert", name(CounterDraft::kAlipayCertFile));
        entry("alipay_root_cert", name(CounterDraft::kAlipayRootCertFile));
    } else {
        line(QStringLiteral("; Alipay's public key (支付宝公钥), not the app's own"));
        entry("alipay_public_key", name(CounterDraft::kAlipayPublicKeyFile));
    }
    line(QStringLiteral("[counter]"));
    line(QStringLiteral("; 1 to 32 of A-Z a-z 0-9 _; out_trade_no is <terminal_id>-<yyyyMMdd>-<sequence>"));
    entry("terminal_id", draft.terminalId.isEmpty() ? defaultTerminal() : draft.terminalId);
    if (!draft.storeTitle.trimmed().isEmpty()) {
        line(QStringLiteral("; the order title the customer sees in Alipay when the cashier gives none"));
        entry("subject", draft.storeTitle.trimmed());
    }
    line(QStringLiteral("; the order book (orders, people and their PINs, day closes), beside this file"));
    entry("database", name(CounterDraft::kOrderBookFile));
    return text.toUtf8();
}

// The files the draft's config names, with the draft's text as given: the check reads them exactly as
// the app will read what the person typed or imported.
QList<std::pair<QString, QByteArray>> filesAsGiven(const CounterDraft& draft)
{
    QList<std::pair<QString, QByteArray>> files{{name(CounterDraft::kAppPrivateKeyFile), draft.appPrivateKeyPem}};
    if (draft.signMode == SignMode::Certificate) {
        files.append({name(CounterDraft::kAppCertFile), draft.appCertPem});
        files.append({name(CounterDraft::kAlipayCertFile), draft.alipayCertPem});
        files.append({name(CounterDraft::kAlipayRootCertFile), draft.alipayRootCertPem});
    } else {
        files.append({name(CounterDraft::kAlipayPublicKeyFile), draft.alipayPublicKeyText});
    }
    return files;
}

CounterDraft::Problem problem(Field field, const QString& message)
{
    return CounterDraft::Problem{field, Error::config(message).withContext(CounterDraft::fieldLabel(field))};
}

// An error of GatewayConfig::load or CounterSettings::load on the check's temporary folder, said about
// the draft's fields: "<tmp>/counterpay.ini [gateway] app_id: ..." becomes "App id (APPID): ...", and a
// temporary file's path becomes its field's label.
CounterDraft::Problem aboutFields(const Error& error, const QDir& folder)
{
    const QString ini = folder.filePath(name(CounterDraft::kConfigFile));
    const QList<std::pair<QString, Field>> places{
        {ini + QStringLiteral(" [gateway] url"), Field::GatewayUrl},
        {ini + QStringLiteral(" [gateway] app_id"), Field::AppId},
        {ini + QStringLiteral(" [gateway] app_private_key"), Field::AppPrivateKey},
        {ini + QStringLiteral(" [gateway] alipay_public_key"), Field::AlipayPublicKey},
        {ini + QStringLiteral(" [gateway] app_cert"), Field::AppCert},
        {ini + QStringLiteral(" [gateway] alipay_cert"), Field::AlipayCert},
        {ini + QStringLiteral(" [gateway] alipay_root_cert"), Field::AlipayRootCert},
        {ini + QStringLiteral(" [counter] terminal_id"), Field::TerminalId},
        {ini + QStringLiteral(" [counter] subject"), Field::StoreTitle},
        {folder.filePath(name(CounterDraft::kAppPrivateKeyFile)), Field::AppPrivateKey},
        {folder.filePath(name(CounterDraft::kAlipayPublicKeyFile)), Field::AlipayPublicKey},
        {folder.filePath(name(CounterDraft::kAppCertFile)), Field::AppCert},
        {folder.filePath(name(CounterDraft::kAlipayCertFile)), Field::AlipayCert},
        {folder.filePath(name(CounterDraft::kAlipayRootCertFile)), Field::AlipayRootCert},
    };
    QString message = error.message();
    QString detail = error.detail();
    std::optional<Field> field;
    qsizetype firstAt = -1;
    for (const auto& [place, placeField] : places) {
        const qsizetype at = message.indexOf(place);
        if (at >= 0 && (firstAt < 0 || at < firstAt)) {
            firstAt = at;
            field = placeField;
        }
        message.replace(place, CounterDraft::fieldLabel(placeField));
        detail.replace(place, CounterDraft::fieldLabel(placeField));
    }
    // Whatever still names the temporary folder (nothing should) is not for the person's eyes.
    message.replace(folder.path() + u'/', QString());
    detail.replace(folder.path() + u'/', QString());
    return CounterDraft::Problem{field.value_or(Field::GatewayUrl),
                                 Error(error.category(), message, detail, error.code(), error.subCode())};
}

// Key text that looks like the right kind of key but does not read (a truncated paste, a bad base64
// character): which forms are expected, so the person can look for the right file or line. Text of
// the wrong kind (a public key in the private key's place) is already said as such.
std::optional<QString> expectedForms(const CounterDraft& draft, Field field)
{
    const bool privateKey = field == Field::AppPrivateKey;
    if (!privateKey && (field != Field::AlipayPublicKey || draft.signMode != SignMode::PublicKey))
        return std::nullopt;
    const alipay::KeyText text =
        alipay::KeyText::classify(privateKey ? draft.appPrivateKeyPem : draft.alipayPublicKeyText);
    const bool rightKind = text.form == alipay::KeyText::Form::Base64Der ||
                           (text.form == alipay::KeyText::Form::Pem &&
                            (privateKey ? text.pemLabel == "PRIVATE KEY" || text.pemLabel == "RSA PRIVATE KEY"
                                        : text.pemLabel == "PUBLIC KEY" || text.pemLabel == "RSA PUBLIC KEY"));
    if (!rightKind)
        return std::nullopt;
    // A key that reads is in a right form: its problem is another (the app's own key given as Alipay's).
    const bool reads = privateKey ? bool(alipay::PrivateKey::fromText(draft.appPrivateKeyPem, QString()))
                                  : bool(alipay::PublicKey::fromText(draft.alipayPublicKeyText, QString()));
    if (reads)
        return std::nullopt;
    if (privateKey)
        return CounterDraft::tr("(expected PEM \"-----BEGIN PRIVATE KEY-----\" (PKCS#8) or \"-----BEGIN RSA PRIVATE "
                                "KEY-----\" (PKCS#1), or the whole base64 text Alipay's key tool writes)");
    return CounterDraft::tr("(expected PEM \"-----BEGIN PUBLIC KEY-----\", or the whole single line of base64 Alipay's "
                            "console shows as 支付宝公钥)");
}

// What check() and firstProblem() share: the config, or the first problem.
std::variant<config::GatewayConfig, CounterDraft::Problem> evaluate(const CounterDraft& draft, const Clock& clock)
{
    // Each value becomes one line of counterpay.ini: a line break would smuggle in another setting.
    const QList<std::pair<QString, Field>> oneLiners{
        {draft.gatewayUrl.toString(), Field::GatewayUrl},
        {draft.appId, Field::AppId},
        {draft.terminalId, Field::TerminalId},
        {draft.storeTitle, Field::StoreTitle},
    };
    for (const auto& [value, field] : oneLiners) {
        if (alipay::TradeFields::hasControlCharacter(value))
            return problem(field, CounterDraft::tr("must be one line without control characters"));
    }
    if (draft.storeTitle.contains(QStringLiteral(" ;")) || draft.storeTitle.contains(QStringLiteral("\t;")))
        return problem(Field::StoreTitle, CounterDraft::tr("may not hold \" ;\" (counterpay.ini would read the rest as "
                                                           "a comment)"));
    if (draft.signMode == SignMode::PublicKey && draft.alipayPublicKeyText.trimmed().isEmpty())
        return problem(Field::AlipayPublicKey,
                       CounterDraft::tr("missing; paste Alipay's public key (支付宝公钥) from Alipay's console"));

    // The file the app will read, checked by the code that will read it.
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return CounterDraft::Problem{
            Field::GatewayUrl,
            Error::storage(CounterDraft::tr("cannot make a temporary folder for the check"), scratch.errorString())};
    const QDir folder(scratch.path());
    NewFiles files;
    for (const auto& [fileName, contents] : filesAsGiven(draft)) {
        if (auto written = files.write(folder.filePath(fileName), contents, kOwnerOnly); !written)
            return CounterDraft::Problem{Field::GatewayUrl, written.error()};
    }
    const QString ini = folder.filePath(name(CounterDraft::kConfigFile));
    if (auto written = files.write(ini, configText(draft), kOwnerOnly); !written)
        return CounterDraft::Problem{Field::GatewayUrl, written.error()};

    auto config = config::GatewayConfig::load(ini, clock);
    if (!config) {
        CounterDraft::Problem found = aboutFields(config.error(), folder);
        if (auto forms = expectedForms(draft, found.field)) {
            const Error& error = found.error;
            found.error =
                Error(error.category(), error.message() + u' ' + *forms, error.detail(), error.code(), error.subCode());
        }
        return found;
    }
    auto counter = config::CounterSettings::load(ini, *config);
    if (!counter)
        return aboutFields(counter.error(), folder);
    if (!draft.storeTitle.trimmed().isEmpty() && counter->subject != draft.storeTitle.trimmed())
        return problem(Field::StoreTitle, CounterDraft::tr("cannot be written to counterpay.ini as it is"));

    if (auto why = people::PeopleStore::nameProblem(draft.managerName))
        return problem(Field::ManagerName, *why);
    if (auto why = people::PinHash::pinProblem(draft.managerPin))
        return problem(Field::ManagerPin, *why);

    config->sourcePath.clear();
    config->warnings.clear(); // about the temporary files, not the ones write() makes
    return std::move(config).value();
}

} // namespace

QString CounterDraft::fieldLabel(Field field)
{
    switch (field) {
    case Field::GatewayUrl:
        return tr("Gateway URL");
    case Field::AppId:
        return tr("App id (APPID)");
    case Field::AppPrivateKey:
        return tr("App private key (应用私钥)");
    case Field::AlipayPublicKey:
        return tr("Alipay public key (支付宝公钥)");
    case Field::AppCert:
        return tr("App certificate (应用公钥证书)");
    case Field::AlipayCert:
        return tr("Alipay certificate (支付宝公钥证书)");
    case Field::AlipayRootCert:
        return tr("Alipay root certificate (支付宝根证书)");
    case Field::StoreTitle:
        return tr("Store title");
    case Field::TerminalId:
        return tr("Terminal id");
    case Field::ManagerName:
        return tr("Manager's name");
    case Field::ManagerPin:
        return tr("Manager's PIN");
    }
    return {};
}

std::optional<CounterDraft::Problem> CounterDraft::firstProblem(const Clock& clock) const
{
    auto outcome = evaluate(*this, clock);
    if (auto* found = std::get_if<Problem>(&outcome))
        return *found;
    return std::nullopt;
}

Result<config::GatewayConfig> CounterDraft::check(const Clock& clock) const
{
    auto outcome = evaluate(*this, clock);
    if (auto* found = std::get_if<Problem>(&outcome))
        return found->error;
    return std::get<config::GatewayConfig>(std::move(outcome));
}

Result<QString> CounterDraft::write(const QString& folder) const
{
    return write(folder, Clock::system());
}

Result<QString> CounterDraft::write(const QString& folder, const Clock& clock) const
{
    auto config = check(clock);
    if (!config)
        return config.error();

    const QDir dir(QFileInfo(folder).absoluteFilePath());
    const QString ini = dir.filePath(name(kConfigFile));
    if (QFileInfo::exists(ini))
        return Error::config(tr("%1 exists already; the setup never replaces a counter's configuration (choose an "
                                "empty folder)")
                                 .arg(ini));
    // The keys as the app reads them best: PKCS#8 and SPKI PEM, whatever form they were pasted in.
    // Certificates stay byte for byte: their serial numbers are hashed from them.
    QList<std::pair<QString, QByteArray>> keyFiles{{name(kAppPrivateKeyFile), config->appPrivateKey.toPkcs8Pem()}};
    if (signMode == SignMode::Certificate) {
        keyFiles.append({name(kAppCertFile), appCertPem});
        keyFiles.append({name(kAlipayCertFile), alipayCertPem});
        keyFiles.append({name(kAlipayRootCertFile), alipayRootCertPem});
    } else {
        keyFiles.append({name(kAlipayPublicKeyFile), config->alipayPublicKey.toPem()});
    }
    const QString book = dir.filePath(name(kOrderBookFile));
    QStringList taken;
    for (const auto& [fileName, contents] : std::as_const(keyFiles)) {
        if (QFileInfo::exists(dir.filePath(fileName)))
            taken.append(fileName);
    }
    if (QFileInfo::exists(book))
        taken.append(name(kOrderBookFile));
    if (!taken.isEmpty())
        return Error::config(tr("%1 holds %2 already; the setup never replaces a key or an order book (choose an "
                                "empty folder)")
                                 .arg(dir.path(), taken.join(QStringLiteral(", "))));

    NewFiles files;
    if (auto made = files.makeFolder(dir.path()); !made)
        return made.error();
    for (const auto& [fileName, contents] : std::as_const(keyFiles)) {
        const bool secret = fileName == name(kAppPrivateKeyFile);
        if (auto written = files.write(dir.filePath(fileName), contents, secret ? kOwnerOnly : kReadable); !written)
            return written.error();
    }

    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        files.track(book + QLatin1String(suffix));
    {
        auto store = store::OrderStore::open(book, clock);
        if (!store)
            return store.error();
        people::PeopleStore people((*store)->connection(), clock);
        if (auto added = people.addFirstManager(managerName, managerPin); !added)
            return added.error();
    }

    // counterpay.ini last: while it is missing the folder is no counter, and the app offers the setup again.
    if (auto written = files.write(ini, configText(*this), kReadable); !written)
        return written.error();
    if (auto reread = config::GatewayConfig::load(ini, clock); !reread)
        return reread.error();
    files.keep();
    return ini;
}

} // namespace counterpay::setup
