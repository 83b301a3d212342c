#include "setup/SetupWizard.h"

#include "cashier/Look.h"
#include "setup/AlipayKeyPage.h"
#include "setup/AppKeyPage.h"
#include "setup/CertificatesPage.h"
#include "setup/CounterPage.h"
#include "setup/GatewayPage.h"
#include "setup/KeyModePage.h"
#include "setup/KeyStoragePage.h"
#include "setup/LiveCheckPage.h"
#include "setup/ManagerPage.h"
#include "vault/Keychain.h"

#include <QAbstractButton>
#include <QDir>
#include <QKeyEvent>

namespace counterpay::ui {

namespace {

// The page where a field of the draft is asked.
SetupWizard::PageId pageOf(setup::CounterDraft::Field field)
{
    using Field = setup::CounterDraft::Field;
    switch (field) {
    case Field::GatewayUrl:
    case Field::AppId:
        return SetupWizard::GatewayPageId;
    case Field::AppPrivateKey:
        return SetupWizard::AppKeyPageId;
    case Field::AlipayPublicKey:
        return SetupWizard::AlipayKeyPageId;
    case Field::AppCert:
    case Field::AlipayCert:
    case Field::AlipayRootCert:
        return SetupWizard::CertificatesPageId;
    case Field::StoreTitle:
    case Field::TerminalId:
        return SetupWizard::CounterPageId;
    case Field::ManagerName:
    case Field::ManagerPin:
        return SetupWizard::ManagerPageId;
    }
    return SetupWizard::GatewayPageId;
}

} // namespace

SetupWizard::SetupWizard(const QString& folder, QWidget* parent)
    : QWizard(parent)
    , m_folder(folder)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("Set up CounterPay for real payments"));
    setFont(look::sized(font(), 17));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::HaveHelpButton, false);
    setPage(GatewayPageId, new GatewayPage);
    setPage(KeyModePageId, new KeyModePage);
    setPage(AppKeyPageId, new AppKeyPage);
    setPage(AlipayKeyPageId, new AlipayKeyPage);
    setPage(CertificatesPageId, new CertificatesPage);
    setPage(CounterPageId, new CounterPage);
    setPage(ManagerPageId, new ManagerPage);
    setPage(KeyStoragePageId, new KeyStoragePage);
    setPage(LiveCheckPageId, new LiveCheckPage);
    setStartId(GatewayPageId);
    setButtonText(QWizard::FinishButton, tr("Save and start"));
    // Big enough to hit on a touch screen and to read from a step back.
    for (QWizard::WizardButton which :
         {QWizard::BackButton, QWizard::NextButton, QWizard::FinishButton, QWizard::CancelButton})
        button(which)->setMinimumSize(140, 48);
    resize(960, 720);
}

bool SetupWizard::keychainAvailable()
{
    if (!m_keychain)
        m_keychain = vault::Keychain::isAvailable();
    return *m_keychain;
}

void SetupWizard::setKeyMethod(vault::KeyProtection::Method method, const QByteArray& passphrase)
{
    m_method = method;
    m_passphrase = method == vault::KeyProtection::Method::EncryptedFile ? passphrase : QByteArray();
}

std::optional<QString> SetupWizard::problemUpTo(PageId page) const
{
    auto problem = m_draft.firstProblem();
    if (!problem || pageOf(problem->field) > page)
        return std::nullopt;
    return problem->error.message();
}

Result<QString> SetupWizard::save()
{
    if (!QDir().mkpath(m_folder))
        return Error::storage(tr("Cannot make the folder %1.").arg(QDir::toNativeSeparators(m_folder)));
    auto written = m_draft.write(m_folder);
    if (!written)
        return written.error();
    if (auto protectedKey = vault::KeyProtection::protect(*written, m_method, m_passphrase); !protectedKey)
        return Error::config(tr("The counter is saved in %1, but its private key is still in plain text: %2 "
                                "Run counterpay-cli key protect --config %1 before taking payments.")
                                 .arg(QDir::toNativeSeparators(*written), protectedKey.error().message()));
    m_configPath = *written;
    return m_configPath;
}

SetupPage* SetupWizard::setupPage(PageId id) const
{
    return qobject_cast<SetupPage*>(page(id));
}

void SetupWizard::keyPressEvent(QKeyEvent* event)
{
    // Esc goes one page back (UI.md: Esc is "stop / back"); on the first page it cancels.
    if (event->key() == Qt::Key_Escape && currentId() != startId()) {
        back();
        return;
    }
    QWizard::keyPressEvent(event);
}

} // namespace counterpay::ui
