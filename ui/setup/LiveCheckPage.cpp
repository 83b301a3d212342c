#include "setup/LiveCheckPage.h"

#include "cashier/Look.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QPushButton>
#include <QTextEdit>
#include <QVBoxLayout>

namespace counterpay::ui {

namespace {
Q_LOGGING_CATEGORY(lcSetup, "counterpay.setup")
}

LiveCheckPage::LiveCheckPage(QWidget* parent)
    : SetupPage(SetupWizard::LiveCheckPageId, parent)
{
    setObjectName(QStringLiteral("liveCheckPage"));
    setTitle(tr("Checking with Alipay"));
    setSubTitle(tr("A query for a made-up order, signed with the app's key: it shows whether the gateway takes "
                   "the keys and the app id. No money moves."));
    setCommitPage(false);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("setupVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setFont(look::sized(font(), 30, true));
    // Read-only text rather than a label: a message may hold a key to paste into Alipay's console, one long
    // word that must wrap anywhere and copy whole.
    m_message = new QTextEdit(this);
    m_message->setObjectName(QStringLiteral("setupVerdictMessage"));
    m_message->setReadOnly(true);
    m_message->setFrameShape(QFrame::NoFrame);
    m_message->viewport()->setAutoFillBackground(false);
    m_message->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_message->setFont(look::sized(font(), 19));
    m_message->setFocusPolicy(Qt::NoFocus);
    m_again = new QPushButton(tr("Check again"), this);
    m_again->setObjectName(QStringLiteral("setupCheckAgain"));
    m_again->setAutoDefault(false);
    m_again->setMinimumHeight(48);
    m_saveAnyway = new QCheckBox(tr("Save anyway: the gateway could not be reached from here, so the keys and the "
                                    "app id are NOT checked. Payments fail until they are right."),
                                 this);
    m_saveAnyway->setObjectName(QStringLiteral("setupSaveAnyway"));
    m_saveAnyway->setVisible(false);
    auto* row = new QHBoxLayout;
    row->addWidget(m_again);
    row->addStretch(1);
    body()->addWidget(m_verdict);
    body()->addWidget(m_message, 1);
    body()->addWidget(m_saveAnyway);
    body()->addLayout(row);
    connect(m_again, &QPushButton::clicked, this, &LiveCheckPage::checkAgain);
    connect(m_saveAnyway, &QCheckBox::toggled, this, &LiveCheckPage::completeChanged);
}

void LiveCheckPage::initializePage()
{
    checkAgain();
}

void LiveCheckPage::cleanupPage()
{
    delete m_check;
    m_outcome.reset();
}

void LiveCheckPage::checkAgain()
{
    delete m_check;
    m_outcome.reset();
    m_saveAnyway->setChecked(false);
    m_saveAnyway->setVisible(false);
    showProblem({});
    emit completeChanged();
    auto config = setupWizard()->draft().check();
    if (!config) {
        // The pages let nothing through that check() refuses; a certificate that expired meanwhile could.
        show({setup::LiveCheck::Verdict::GatewayProblem, config.error().message(), config.error().detail()});
        return;
    }
    m_verdict->setText(tr("Asking the gateway…"));
    m_verdict->setStyleSheet(QStringLiteral("color: %1").arg(look::kWaiting.name()));
    m_message->setPlainText(config->gatewayUrl.toString());
    m_again->setEnabled(false);
    m_check = new setup::LiveCheck(*config, Clock::system(), this);
    connect(m_check, &setup::LiveCheck::finished, this, [this](const setup::LiveCheck::Outcome& outcome) {
        if (m_check)
            m_check->deleteLater();
        show(outcome);
    });
    m_check->start();
}

void LiveCheckPage::show(const setup::LiveCheck::Outcome& outcome)
{
    m_outcome = outcome;
    const bool accepted = outcome.verdict == setup::LiveCheck::Verdict::Accepted;
    qCInfo(lcSetup).noquote() << "live check:" << setup::LiveCheck::verdictName(outcome.verdict) << outcome.detail;
    m_verdict->setText((accepted ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + heading(outcome.verdict));
    m_verdict->setStyleSheet(QStringLiteral("color: %1").arg((accepted ? look::kPaid : look::kFailed).name()));
    m_message->setPlainText(accepted ? tr("Save and start: the counter is saved and the app starts taking payments.")
                                     : asSentence(outcome.message));
    m_again->setEnabled(true);
    m_saveAnyway->setVisible(outcome.verdict == setup::LiveCheck::Verdict::NoNetwork);
    emit completeChanged();
    emit checkFinished();
}

QString LiveCheckPage::heading(setup::LiveCheck::Verdict verdict)
{
    using Verdict = setup::LiveCheck::Verdict;
    switch (verdict) {
    case Verdict::Accepted:
        return tr("Keys and app id accepted");
    case Verdict::AppKeyMismatch:
        return tr("Alipay holds another app public key");
    case Verdict::UnknownAppId:
        return tr("The gateway does not know this app id");
    case Verdict::ClockOff:
        return tr("This computer's clock is off");
    case Verdict::NoNetwork:
        return tr("The gateway could not be reached");
    case Verdict::WrongAlipayKey:
        return tr("The answer is not signed by the Alipay key given here");
    case Verdict::GatewayProblem:
        return tr("The gateway refused");
    }
    return {};
}

QString LiveCheckPage::verdictText() const
{
    return m_verdict->text() + u'\n' + m_message->toPlainText();
}

bool LiveCheckPage::isComplete() const
{
    if (!m_outcome)
        return false;
    return m_outcome->verdict == setup::LiveCheck::Verdict::Accepted ||
           (m_outcome->verdict == setup::LiveCheck::Verdict::NoNetwork && m_saveAnyway->isChecked());
}

bool LiveCheckPage::validatePage()
{
    if (!isComplete())
        return false;
    auto saved = setupWizard()->save();
    if (!saved) {
        showProblem(saved.error().message());
        return false;
    }
    return true;
}

} // namespace counterpay::ui
