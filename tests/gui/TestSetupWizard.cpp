// The first-run setup wizard, offscreen, against real counterpay-sandbox processes over loopback (one in
// public key mode, one in certificate mode): a counter set up in each key mode ends written, loads, and
// keeps no private key in plain text; each live-check failure shows its words and saves nothing; the
// app's own public key is refused as Alipay's on its page; an unreachable gateway is only saved when the
// person says so.
#include "SandboxHarness.h"
#include "alipay/PrivateKey.h"
#include "gui/FirstRun.h"
#include "payment/Till.h"
#include "people/PeopleStore.h"
#include "setup/AlipayKeyPage.h"
#include "setup/AppKeyPage.h"
#include "setup/CertificatesPage.h"
#include "setup/FirstRunDialog.h"
#include "setup/LiveCheckPage.h"
#include "setup/SetupWizard.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDirIterator>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;
using ui::SetupWizard;

namespace {

const QString kPassphrase = QStringLiteral("correct horse battery");

// What a person types into the wizard.
struct Answers
{
    QUrl gateway;
    QString appId;
    bool certificateMode = false;
    QString privateKeyFile; // empty: a new key pair made in the wizard
    QString alipayKeyText;
    QString appCert, alipayCert, alipayRootCert;
    QString storeTitle = QStringLiteral("小面馆");
    QString terminalId = QStringLiteral("FRONT");
    QString managerName = QStringLiteral("王店长");
    QString pin = QStringLiteral("246810");
};

} // namespace

class TestSetupWizard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void publicKeyModeSetsUpACounter();
    void certificateModeSetsUpACounter();
    void generatedKeyShownForAlipaysConsole();
    void unknownAppIdShownAndNothingSaved();
    void appKeyMismatchShownAndNothingSaved();
    void appsOwnPublicKeyRefusedAsAlipays();
    void unreachableGatewaySavedOnlyWhenTold();
    void pinsAndPassphrasesTypedTwice();
    void firstRunScreenDefaultsToTheDemo();

private:
    Answers publicAnswers() const;
    // Fills every page up to and including `last`, pressing Next after each; fails when a page refuses.
    void fillUpTo(SetupWizard& wizard, const Answers& answers, SetupWizard::PageId last);
    // Fills everything and waits for the live check's verdict.
    ui::LiveCheckPage* reachLiveCheck(SetupWizard& wizard, const Answers& answers);
    void expectNothingSaved();
    void expectNoPlainPrivateKey(const QString& folder);

    QTemporaryDir m_dir;
    SandboxProcess m_public;
    SandboxProcess m_certificate;
    QString m_publicEnv;
    QString m_certificateEnv;
    QString m_appId;
    QString m_certAppId;
    std::unique_ptr<QTemporaryDir> m_target;
};

void TestSetupWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_publicEnv = m_dir.filePath(QStringLiteral("public"));
    m_certificateEnv = m_dir.filePath(QStringLiteral("certificate"));
    initSandbox(m_publicEnv);
    initSandbox(m_certificateEnv, {QStringLiteral("--cert-mode")});
    QVERIFY2(m_public.start(m_publicEnv, {QStringLiteral("--quiet")}), qPrintable(m_public.error()));
    QVERIFY2(m_certificate.start(m_certificateEnv, {QStringLiteral("--quiet")}), qPrintable(m_certificate.error()));
    auto config = config::GatewayConfig::load(m_public.configPath());
    QVERIFY(config.ok());
    m_appId = config->appId;
    auto certConfig = config::GatewayConfig::load(m_certificate.configPath());
    QVERIFY(certConfig.ok());
    m_certAppId = certConfig->appId;
}

void TestSetupWizard::init()
{
    m_target = std::make_unique<QTemporaryDir>();
    QVERIFY(m_target->isValid());
}

void TestSetupWizard::cleanupTestCase()
{
    QCOMPARE(m_public.stop(), 0);
    QCOMPARE(m_certificate.stop(), 0);
}

Answers TestSetupWizard::publicAnswers() const
{
    Answers answers;
    answers.gateway = m_public.gatewayUrl();
    answers.appId = m_appId;
    answers.privateKeyFile = m_publicEnv + QStringLiteral("/app_private_key.pem");
    answers.alipayKeyText = QString::fromUtf8(readFile(m_publicEnv + QStringLiteral("/alipay_public_key.pem")));
    return answers;
}

template <typename T>
static T* child(QWidget* page, const char* name)
{
    return page->findChild<T*>(QString::fromLatin1(name));
}

void TestSetupWizard::fillUpTo(SetupWizard& wizard, const Answers& answers, SetupWizard::PageId last)
{
    auto step = [&](SetupWizard::PageId id) {
        QCOMPARE(wizard.currentId(), int(id));
        if (id == last)
            return;
        wizard.next();
        QVERIFY2(wizard.currentId() != int(id), qPrintable(wizard.setupPage(id)->problem()));
    };
    QWidget* page = wizard.page(SetupWizard::GatewayPageId);
    child<QRadioButton>(page, "setupCustom")->setChecked(true);
    child<QLineEdit>(page, "setupUrl")->setText(answers.gateway.toString());
    child<QLineEdit>(page, "setupAppId")->setText(answers.appId);
    step(SetupWizard::GatewayPageId);
    if (wizard.currentId() == int(last) || QTest::currentTestFailed())
        return;

    page = wizard.page(SetupWizard::KeyModePageId);
    child<QRadioButton>(page, answers.certificateMode ? "setupCertificateMode" : "setupPublicKeyMode")
        ->setChecked(true);
    step(SetupWizard::KeyModePageId);
    if (wizard.currentId() == int(last) || QTest::currentTestFailed())
        return;

    auto* appKey = qobject_cast<ui::AppKeyPage*>(wizard.page(SetupWizard::AppKeyPageId));
    auto made = answers.privateKeyFile.isEmpty() ? appKey->generate() : appKey->importFile(answers.privateKeyFile);
    QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().toString()));
    step(SetupWizard::AppKeyPageId);
    if (wizard.currentId() == int(last) || QTest::currentTestFailed())
        return;

    if (answers.certificateMode) {
        auto* certificates = qobject_cast<ui::CertificatesPage*>(wizard.page(SetupWizard::CertificatesPageId));
        certificates->setPath(ui::CertificatesPage::AppCert, answers.appCert);
        certificates->setPath(ui::CertificatesPage::AlipayCert, answers.alipayCert);
        certificates->setPath(ui::CertificatesPage::AlipayRootCert, answers.alipayRootCert);
        step(SetupWizard::CertificatesPageId);
    } else {
        qobject_cast<ui::AlipayKeyPage*>(wizard.page(SetupWizard::AlipayKeyPageId))->setKeyText(answers.alipayKeyText);
        step(SetupWizard::AlipayKeyPageId);
    }
    if (wizard.currentId() == int(last) || QTest::currentTestFailed())
        return;

    page = wizard.page(SetupWizard::CounterPageId);
    child<QLineEdit>(page, "setupStoreTitle")->setText(answers.storeTitle);
    child<QLineEdit>(page, "setupTerminalId")->setText(answers.terminalId);
    step(SetupWizard::CounterPageId);
    if (wizard.currentId() == int(last) || QTest::currentTestFailed())
        return;

    page = wizard.page(SetupWizard::ManagerPageId);
    child<QLineEdit>(page, "setupManagerName")->setText(answers.managerName);
    child<QLineEdit>(page, "setupManagerPin")->setText(answers.pin);
    child<QLineEdit>(page, "setupManagerPinAgain")->setText(answers.pin);
    step(SetupWizard::ManagerPageId);
    if (wizard.currentId() == int(last) || QTest::currentTestFailed())
        return;

    page = wizard.page(SetupWizard::KeyStoragePageId);
    child<QLineEdit>(page, "setupPassphrase")->setText(kPassphrase);
    child<QLineEdit>(page, "setupPassphraseAgain")->setText(kPassphrase);
    step(SetupWizard::KeyStoragePageId);
}

ui::LiveCheckPage* TestSetupWizard::reachLiveCheck(SetupWizard& wizard, const Answers& answers)
{
    fillUpTo(wizard, answers, SetupWizard::LiveCheckPageId);
    auto* check = qobject_cast<ui::LiveCheckPage*>(wizard.page(SetupWizard::LiveCheckPageId));
    if (QTest::currentTestFailed() || wizard.currentId() != SetupWizard::LiveCheckPageId)
        return nullptr;
    if (!QTest::qWaitFor([check] { return check->outcome().has_value(); }, 20000))
        return nullptr;
    return check;
}

void TestSetupWizard::expectNothingSaved()
{
    QCOMPARE(QDir(m_target->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
}

void TestSetupWizard::expectNoPlainPrivateKey(const QString& folder)
{
    QDirIterator files(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        const QByteArray text = readFile(path);
        QVERIFY2(!text.contains("-----BEGIN PRIVATE KEY-----"), qPrintable(path));
        QVERIFY2(!text.contains("-----BEGIN RSA PRIVATE KEY-----"), qPrintable(path));
    }
}

void TestSetupWizard::publicKeyModeSetsUpACounter()
{
    SetupWizard wizard(m_target->path());
    wizard.setKeychainAvailable(false);
    wizard.show();
    auto* check = reachLiveCheck(wizard, publicAnswers());
    QVERIFY(check);
    QCOMPARE(check->outcome()->verdict, setup::LiveCheck::Verdict::Accepted);
    QVERIFY2(check->verdictText().contains(QStringLiteral("Keys and app id accepted")),
             qPrintable(check->verdictText()));
    QVERIFY(check->isComplete());
    wizard.accept();
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    QCOMPARE(wizard.configPath(), m_target->filePath(QStringLiteral("counterpay.ini")));
    QCOMPARE(wizard.passphrase(), kPassphrase.toUtf8());
    expectNoPlainPrivateKey(m_target->path());

    // As the app opens it: with the passphrase the wizard was given, the person not asked again.
    int asked = 0;
    const vault::PassphrasePrompt dialog = [&asked](const QString&) -> Result<QByteArray> {
        ++asked;
        return Error::config(QStringLiteral("cancelled"));
    };
    payment::Till till;
    auto loaded = till.load(wizard.configPath(), payment::TillParts::Use::Payments, {},
                            gui::knownFirst(wizard.passphrase(), dialog));
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(asked, 0);
    QCOMPARE(till.gatewayConfig().appId, m_appId);
    QCOMPARE(till.settings().subject, QStringLiteral("小面馆"));
    QCOMPARE(till.settings().payment.terminalId, QStringLiteral("FRONT"));
    auto people = till.people().list();
    QVERIFY(people.ok());
    QCOMPARE(people->size(), 1);
    QCOMPARE(people->first().name, QStringLiteral("王店长"));
    QCOMPARE(people->first().role, people::Person::Role::Manager);
    // Without the passphrase the key stays shut; a second opening asks (the wizard's is used once).
    payment::Till locked;
    QVERIFY(!locked.load(wizard.configPath()).ok());
    const vault::PassphrasePrompt once = gui::knownFirst(wizard.passphrase(), dialog);
    QVERIFY(once(wizard.configPath()).ok());
    QVERIFY(!once(wizard.configPath()).ok());
    QCOMPARE(asked, 1);
}

void TestSetupWizard::certificateModeSetsUpACounter()
{
    Answers answers;
    answers.gateway = m_certificate.gatewayUrl();
    answers.appId = m_certAppId;
    answers.certificateMode = true;
    answers.privateKeyFile = m_certificateEnv + QStringLiteral("/app_private_key.pem");
    answers.appCert = m_certificateEnv + QStringLiteral("/app_cert.crt");
    answers.alipayCert = m_certificateEnv + QStringLiteral("/alipay_cert.crt");
    answers.alipayRootCert = m_certificateEnv + QStringLiteral("/alipay_root_cert.crt");
    SetupWizard wizard(m_target->path());
    wizard.setKeychainAvailable(false);
    wizard.show();
    auto* check = reachLiveCheck(wizard, answers);
    QVERIFY(check);
    QVERIFY2(check->outcome()->verdict == setup::LiveCheck::Verdict::Accepted, qPrintable(check->verdictText()));
    wizard.accept();
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    expectNoPlainPrivateKey(m_target->path());
    payment::Till till;
    auto loaded = till.load(wizard.configPath(), payment::TillParts::Use::Payments, {},
                            [](const QString&) -> Result<QByteArray> { return kPassphrase.toUtf8(); });
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(till.gatewayConfig().signMode, config::GatewayConfig::SignMode::Certificate);
    QVERIFY(!till.gatewayConfig().appCertSn.isEmpty());
}

void TestSetupWizard::generatedKeyShownForAlipaysConsole()
{
    SetupWizard wizard(m_target->path());
    wizard.show();
    Answers answers = publicAnswers();
    answers.privateKeyFile.clear();
    fillUpTo(wizard, answers, SetupWizard::AppKeyPageId);
    auto* page = qobject_cast<ui::AppKeyPage*>(wizard.page(SetupWizard::AppKeyPageId));
    QVERIFY(!page->isComplete());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::AppKeyPageId)); // no key yet: Next stays
    QVERIFY(page->generate().ok());
    QVERIFY(page->isComplete());
    // The bare base64 line Alipay's console asks for: one line, a 2048-bit SPKI.
    const QString shown = page->publicKeyText();
    QVERIFY(!shown.contains(u'\n') && !shown.contains(QStringLiteral("BEGIN")));
    auto key = alipay::PublicKey::fromText(shown.toLatin1(), QStringLiteral("shown"));
    QVERIFY(key.ok());
    QCOMPARE(key->bits(), 2048);
    QVERIFY(wizard.draft().appPrivateKeyPem.isEmpty()); // only stored when the page is left
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("setupCopy")), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), shown);
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::AlipayKeyPageId));
    auto stored = alipay::PrivateKey::fromText(wizard.draft().appPrivateKeyPem, QStringLiteral("draft"));
    QVERIFY(stored.ok());
    QVERIFY(stored->publicKey() == *key);
}

void TestSetupWizard::unknownAppIdShownAndNothingSaved()
{
    SetupWizard wizard(m_target->path());
    wizard.setKeychainAvailable(false);
    wizard.show();
    Answers answers = publicAnswers();
    answers.appId = QStringLiteral("2021009999999999");
    auto* check = reachLiveCheck(wizard, answers);
    QVERIFY(check);
    QCOMPARE(check->outcome()->verdict, setup::LiveCheck::Verdict::UnknownAppId);
    QVERIFY2(check->verdictText().contains(QStringLiteral("does not know this app id")),
             qPrintable(check->verdictText()));
    QVERIFY(check->verdictText().contains(ui::SetupPage::asSentence(check->outcome()->message)));
    QVERIFY(!check->outcome()->message.isEmpty());
    QVERIFY(!check->isComplete());
    QVERIFY(!check->saveAnyway()->isVisible());
    wizard.accept();
    QVERIFY(wizard.result() != int(QDialog::Accepted));
    expectNothingSaved();
    // Back to fix it, then the check passes.
    for (int i = 0; i < 7; ++i)
        wizard.back();
    QCOMPARE(wizard.currentId(), int(SetupWizard::GatewayPageId));
    wizard.page(SetupWizard::GatewayPageId)->findChild<QLineEdit*>(QStringLiteral("setupAppId"))->setText(m_appId);
    for (int i = 0; i < 7; ++i)
        wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::LiveCheckPageId));
    QVERIFY(QTest::qWaitFor([check] { return check->outcome().has_value(); }, 20000));
    QCOMPARE(check->outcome()->verdict, setup::LiveCheck::Verdict::Accepted);
}

void TestSetupWizard::appKeyMismatchShownAndNothingSaved()
{
    // A key pair made in the wizard that Alipay (the sandbox) was never given.
    SetupWizard wizard(m_target->path());
    wizard.setKeychainAvailable(false);
    wizard.show();
    Answers answers = publicAnswers();
    answers.privateKeyFile.clear();
    auto* check = reachLiveCheck(wizard, answers);
    QVERIFY(check);
    QCOMPARE(check->outcome()->verdict, setup::LiveCheck::Verdict::AppKeyMismatch);
    QVERIFY2(check->verdictText().contains(QStringLiteral("Alipay holds another app public key")),
             qPrintable(check->verdictText()));
    QVERIFY(!check->outcome()->message.isEmpty());
    QVERIFY(check->verdictText().contains(ui::SetupPage::asSentence(check->outcome()->message)));
    QVERIFY(!check->isComplete());
    wizard.accept();
    QVERIFY(wizard.result() != int(QDialog::Accepted));
    expectNothingSaved();
}

void TestSetupWizard::appsOwnPublicKeyRefusedAsAlipays()
{
    SetupWizard wizard(m_target->path());
    wizard.show();
    Answers answers = publicAnswers();
    answers.alipayKeyText = QString::fromUtf8(readFile(m_publicEnv + QStringLiteral("/app_public_key.pem")));
    fillUpTo(wizard, answers, SetupWizard::AlipayKeyPageId);
    qobject_cast<ui::AlipayKeyPage*>(wizard.page(SetupWizard::AlipayKeyPageId))->setKeyText(answers.alipayKeyText);
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::AlipayKeyPageId));
    const QString problem = wizard.setupPage(SetupWizard::AlipayKeyPageId)->problem();
    auto expected = wizard.draft().firstProblem();
    QVERIFY(expected.has_value());
    QCOMPARE(expected->field, setup::CounterDraft::Field::AlipayPublicKey);
    QVERIFY2(problem.contains(ui::SetupPage::asSentence(expected->error.message())), qPrintable(problem));
    // Alipay's real key goes through.
    qobject_cast<ui::AlipayKeyPage*>(wizard.page(SetupWizard::AlipayKeyPageId))
        ->setKeyText(QString::fromUtf8(readFile(m_publicEnv + QStringLiteral("/alipay_public_key.pem"))));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::CounterPageId));
    expectNothingSaved();
}

void TestSetupWizard::unreachableGatewaySavedOnlyWhenTold()
{
    // A loopback port nobody listens on.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    SetupWizard wizard(m_target->path());
    wizard.setKeychainAvailable(false);
    wizard.show();
    Answers answers = publicAnswers();
    answers.gateway = QUrl(QStringLiteral("http://127.0.0.1:%1/gateway.do").arg(port));
    auto* check = reachLiveCheck(wizard, answers);
    QVERIFY(check);
    QCOMPARE(check->outcome()->verdict, setup::LiveCheck::Verdict::NoNetwork);
    QVERIFY2(check->verdictText().contains(QStringLiteral("could not be reached")), qPrintable(check->verdictText()));
    QVERIFY(check->saveAnyway()->isVisible());
    QVERIFY(!check->isComplete());
    wizard.accept();
    QVERIFY(wizard.result() != int(QDialog::Accepted));
    expectNothingSaved();
    check->saveAnyway()->setChecked(true);
    QVERIFY(check->isComplete());
    wizard.accept();
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    QVERIFY(QFile::exists(m_target->filePath(QStringLiteral("counterpay.ini"))));
    expectNoPlainPrivateKey(m_target->path());
}

void TestSetupWizard::pinsAndPassphrasesTypedTwice()
{
    SetupWizard wizard(m_target->path());
    wizard.setKeychainAvailable(false);
    wizard.show();
    Answers answers = publicAnswers();
    fillUpTo(wizard, answers, SetupWizard::ManagerPageId);
    QWidget* page = wizard.page(SetupWizard::ManagerPageId);
    child<QLineEdit>(page, "setupManagerName")->setText(answers.managerName);
    child<QLineEdit>(page, "setupManagerPin")->setText(QStringLiteral("246810"));
    child<QLineEdit>(page, "setupManagerPinAgain")->setText(QStringLiteral("246811"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::ManagerPageId));
    QVERIFY(wizard.setupPage(SetupWizard::ManagerPageId)->problem().contains(QStringLiteral("two PINs differ")));
    // The draft's own words for a PIN it does not take.
    child<QLineEdit>(page, "setupManagerPin")->setText(QStringLiteral("1"));
    child<QLineEdit>(page, "setupManagerPinAgain")->setText(QStringLiteral("1"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::ManagerPageId));
    auto expected = wizard.draft().firstProblem();
    QVERIFY(expected.has_value());
    QCOMPARE(expected->field, setup::CounterDraft::Field::ManagerPin);
    QVERIFY(wizard.setupPage(SetupWizard::ManagerPageId)
                ->problem()
                .contains(ui::SetupPage::asSentence(expected->error.message())));
    child<QLineEdit>(page, "setupManagerPin")->setText(answers.pin);
    child<QLineEdit>(page, "setupManagerPinAgain")->setText(answers.pin);
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::KeyStoragePageId));

    page = wizard.page(SetupWizard::KeyStoragePageId);
    QVERIFY(!child<QRadioButton>(page, "setupKeychain")->isEnabled()); // none answers here
    child<QLineEdit>(page, "setupPassphrase")->setText(kPassphrase);
    child<QLineEdit>(page, "setupPassphraseAgain")->setText(kPassphrase + u'!');
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SetupWizard::KeyStoragePageId));
    QVERIFY(wizard.setupPage(SetupWizard::KeyStoragePageId)->problem().contains(QStringLiteral("passphrases differ")));
    expectNothingSaved();
}

void TestSetupWizard::firstRunScreenDefaultsToTheDemo()
{
    ui::FirstRunDialog enter;
    enter.show();
    QVERIFY(QTest::qWaitForWindowExposed(&enter));
    QTest::keyClick(&enter, Qt::Key_Return);
    QCOMPARE(enter.result(), int(QDialog::Accepted));
    QCOMPARE(enter.choice(), ui::FirstRunDialog::Choice::Demo);

    ui::FirstRunDialog escape;
    escape.show();
    QVERIFY(QTest::qWaitForWindowExposed(&escape));
    QTest::keyClick(&escape, Qt::Key_Escape);
    QCOMPARE(escape.result(), int(QDialog::Rejected));
    QCOMPARE(escape.choice(), ui::FirstRunDialog::Choice::Quit);

    ui::FirstRunDialog setup;
    setup.show();
    QTest::mouseClick(setup.findChild<QPushButton*>(QStringLiteral("firstRunSetup")), Qt::LeftButton);
    QCOMPARE(setup.choice(), ui::FirstRunDialog::Choice::Setup);
}

QTEST_MAIN(TestSetupWizard)
#include "TestSetupWizard.moc"
