#include "settings/SettingsDialog.h"

#include "cashier/Look.h"
#include "common/IniFile.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "payment/Till.h"
#include "settings/BackupSettingsPage.h"
#include "settings/CounterSettingsPage.h"
#include "settings/DisplaySettingsPage.h"
#include "settings/FeedbackSettingsPage.h"
#include "settings/GatewaySettingsPage.h"
#include "settings/NotifySettingsPage.h"
#include "settings/PaymentSettingsPage.h"
#include "settings/ReceiptSettingsPage.h"
#include "setup/LiveCheck.h"
#include "unlock/PassphraseDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTemporaryFile>
#include <QVBoxLayout>

namespace counterpay::ui {

namespace {

Error refusal(const QString& message)
{
    return Error(Error::Category::Permission, message);
}

QString paymentLiveMessage()
{
    return SettingsDialog::tr("A payment is under way: change the settings when it has ended.");
}

} // namespace

SettingsDialog::SettingsDialog(payment::Till& till, QWidget* parent)
    : QDialog(parent)
    , m_till(till)
    , m_path(till.gatewayConfig().sourcePath)
    , m_prompt(PassphraseDialog::prompt(this, PassphraseDialog::Purpose::CheckSettings))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    setFont(look::sized(font(), 16));
    m_pages = {new GatewaySettingsPage, new CounterSettingsPage,  new PaymentSettingsPage, new NotifySettingsPage,
               new ReceiptSettingsPage, new FeedbackSettingsPage, new DisplaySettingsPage, new BackupSettingsPage};
    m_sections = new QListWidget(this);
    m_sections->setObjectName(QStringLiteral("settingsSections"));
    m_sections->setAccessibleName(tr("Sections"));
    m_stack = new QStackedWidget(this);
    auto ini = IniFile::load(m_path);
    for (SettingsPage* page : std::as_const(m_pages)) {
        page->setConfigFolder(QFileInfo(m_path).absolutePath());
        if (ini)
            page->read(*ini);
        m_sections->addItem(page->title());
        // A long page scrolls on a 1024x768 screen instead of squeezing its fields.
        auto* scroll = new QScrollArea(m_stack);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(page);
        m_stack->addWidget(scroll);
    }
    m_sections->setFixedWidth(m_sections->sizeHintForColumn(0) + 32);
    connect(m_sections, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    auto* file = new QLabel(tr("File: %1").arg(QDir::toNativeSeparators(m_path)), this);
    file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_message->setWordWrap(true);
    m_message->setFont(look::sized(font(), 18, true));
    if (!ini)
        m_message->setText(ini.error().message());
    m_saveUnchecked = new QCheckBox(tr("Save anyway: the gateway could not be reached from here, so the new keys "
                                       "and app id are NOT checked. Payments fail until they are right."),
                                    this);
    m_saveUnchecked->setObjectName(QStringLiteral("settingsSaveUnchecked"));
    m_saveUnchecked->setVisible(false);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("settingsSave"));
    m_save->setEnabled(ini.ok());
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* body = new QHBoxLayout;
    body->addWidget(m_sections);
    body->addWidget(m_stack, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(file);
    layout->addWidget(m_message);
    layout->addWidget(m_saveUnchecked);
    layout->addWidget(buttons);
    m_sections->setCurrentRow(0);
    resize(parent ? parent->size() * 9 / 10 : QSize(1000, 700)); // 1024x768 is the smallest counter screen
}

SettingsDialog::~SettingsDialog() = default;

Result<void> SettingsDialog::mayOpen(payment::Till& till, const ManagerApproval& approval, QWidget* parent)
{
    if (till.isPaymentLive())
        return refusal(paymentLiveMessage());
    if (!approval || !approval(parent, tr("Change the counter's settings")))
        return refusal(tr("The settings need a manager's PIN."));
    // The PIN may have taken a while: a payment started meanwhile is still money moving.
    if (till.isPaymentLive())
        return refusal(paymentLiveMessage());
    return {};
}

bool SettingsDialog::openFor(payment::Till& till, const ManagerApproval& approval, QWidget* parent)
{
    if (auto may = mayOpen(till, approval, parent); !may) {
        QMessageBox::information(parent, tr("Settings"), may.error().message());
        return false;
    }
    SettingsDialog dialog(till, parent);
    bool saved = false;
    connect(&dialog, &SettingsDialog::saved, &dialog, [&saved] { saved = true; });
    dialog.exec();
    return saved;
}

void SettingsDialog::showPage(int index)
{
    m_sections->setCurrentRow(index);
}

QString SettingsDialog::message() const
{
    return m_message->text();
}

Result<QByteArray> SettingsDialog::candidateText() const
{
    // Read again: what is saved is the file as it is now plus this dialog's changes.
    auto ini = IniFile::load(m_path);
    if (!ini)
        return ini.error();
    for (SettingsPage* page : m_pages)
        page->write(*ini);
    return ini->toText();
}

// The candidate as the app will read it: the gateway (when [gateway] changed: its keys and their mix-ups,
// as GatewayConfig::load checks them) and the counter's settings.
Result<std::optional<config::GatewayConfig>> SettingsDialog::validate(const QString& candidatePath,
                                                                      bool gatewayChanged) const
{
    std::optional<config::GatewayConfig> changed;
    if (gatewayChanged) {
        auto loaded = config::GatewayConfig::load(candidatePath, Clock::system(), m_prompt);
        if (!loaded)
            return loaded.error();
        changed = std::move(*loaded);
    }
    if (auto counter = config::CounterSettings::load(candidatePath, changed ? *changed : m_till.gatewayConfig());
        !counter)
        return counter.error();
    return changed;
}

void SettingsDialog::save()
{
    if (m_till.isPaymentLive())
        return refuse(paymentLiveMessage());
    auto text = candidateText();
    if (!text)
        return refuse(text.error().message());
    // The candidate is loaded from beside the real file, so relative paths mean what they will mean.
    QTemporaryFile candidate(QFileInfo(m_path).absolutePath() + QStringLiteral("/.counterpay-settings-XXXXXX.ini"));
    if (!candidate.open() || candidate.write(*text) != text->size() || !candidate.flush())
        return refuse(tr("Cannot write beside %1: %2").arg(m_path, candidate.errorString()));
    bool gatewayChanged = false;
    for (SettingsPage* page : std::as_const(m_pages))
        gatewayChanged = gatewayChanged || page->changes(QStringLiteral("gateway"));
    auto valid = validate(candidate.fileName(), gatewayChanged);
    if (!valid)
        return refuse(QString(valid.error().message()).replace(candidate.fileName(), m_path));
    if (!valid->has_value())
        return commit(*text, m_till.gatewayConfig());
    // Loaded from the candidate, it is the real file's gateway from here on.
    config::GatewayConfig gateway = std::move(**valid);
    gateway.sourcePath = m_path;
    gateway.warnings.replaceInStrings(candidate.fileName(), m_path);
    checkWithGateway(gateway, *text);
}

// A changed gateway, app id or key is asked of the gateway before it replaces one that works, as the
// setup wizard's last page does.
void SettingsDialog::checkWithGateway(const config::GatewayConfig& gateway, const QByteArray& text)
{
    if (m_saveUnchecked->isVisible() && m_saveUnchecked->isChecked())
        return commit(text, gateway);
    setBusy(true);
    m_message->setStyleSheet({});
    m_message->setText(tr("Asking the gateway whether it takes the new keys and app id…"));
    auto* check = new setup::LiveCheck(gateway, Clock::system(), this);
    connect(check, &setup::LiveCheck::finished, this,
            [this, check, text, gateway](const setup::LiveCheck::Outcome& outcome) {
                check->deleteLater();
                using Verdict = setup::LiveCheck::Verdict;
                if (outcome.verdict == Verdict::Accepted)
                    return commit(text, gateway);
                m_saveUnchecked->setVisible(outcome.verdict == Verdict::NoNetwork);
                refuse(tr("Not saved: %1").arg(outcome.message));
            });
    check->start();
}

void SettingsDialog::commit(const QByteArray& text, const config::GatewayConfig& gateway)
{
    if (m_till.isPaymentLive())
        return refuse(paymentLiveMessage());
    auto before = IniFile::load(m_path);
    if (!before)
        return refuse(before.error().message());
    if (before->toText() == text) {
        m_message->setText(tr("Nothing changed."));
        emit saveFinished(true);
        accept();
        return;
    }
    auto after = IniFile::parse(text, m_path);
    if (!after)
        return refuse(after.error().message());
    if (auto written = after->save(m_path); !written)
        return refuse(written.error().message());
    // A copy: the till's own gateway is replaced while it reloads.
    if (auto reloaded = m_till.loadWithGateway(m_path, config::GatewayConfig(gateway)); !reloaded) {
        // Validated above, so this is rare (a book that cannot be opened): the file goes back to what it was;
        // the till, whose load failed, goes on as it was.
        (void)before->save(m_path);
        return refuse(tr("Not saved: %1").arg(reloaded.error().message()));
    }
    m_message->setStyleSheet({});
    m_message->setText(tr("Saved."));
    emit saved();
    emit saveFinished(true);
    accept();
}

void SettingsDialog::refuse(const QString& message)
{
    m_message->setText(message);
    m_message->setStyleSheet(QStringLiteral("color: %1").arg(look::kFailed.name()));
    setBusy(false);
    emit saveFinished(false);
}

void SettingsDialog::setBusy(bool busy)
{
    m_save->setEnabled(!busy);
}

} // namespace counterpay::ui
