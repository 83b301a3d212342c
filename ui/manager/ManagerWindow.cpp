#include "manager/ManagerWindow.h"

#include "cashier/Look.h"
#include "manager/DayClosePage.h"
#include "manager/OrderHistoryPage.h"
#include "manager/ReconcilePage.h"
#include "manager/ShiftPage.h"
#include "payment/Till.h"
#include "receipt/Receipt.h"
#include "receipt/ReceiptOutput.h"
#include "settings/SettingsDialog.h"

#include <QDialogButtonBox>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace counterpay::ui {

ManagerWindow::ManagerWindow(payment::Till& till, const ManagerApproval& approval, ReceiptOutput* receipts,
                             QWidget* parent)
    : QDialog(parent)
    , m_till(till)
    , m_receipts(receipts)
{
    setObjectName(QStringLiteral("managerWindow"));
    setWindowTitle(tr("Manager"));
    setFont(look::sized(font(), 16));
    m_tabs = new QTabWidget(this);
    m_history = new OrderHistoryPage(till, approval, this);
    m_reconcile = new ReconcilePage(till, this);
    m_shift = new ShiftPage(till, this);
    m_day = new DayClosePage(till, approval, this);
    m_tabs->addTab(m_history, tr("Orders"));
    m_tabs->addTab(m_shift, tr("Shift handover"));
    m_tabs->addTab(m_day, tr("Day close"));
    m_tabs->addTab(m_reconcile, tr("Reconcile with Alipay"));
    connect(m_shift, &ShiftPage::handedOver, this, &ManagerWindow::handedOver);
    // A tab shows the figures as they are when it is opened, not when the window was.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_shift)
            m_shift->refresh();
        else if (m_tabs->currentWidget() == m_day)
            m_day->refresh();
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The counter's settings, behind the manager's PIN (SettingsDialog::mayOpen).
    auto* settings = buttons->addButton(tr("Settings…"), QDialogButtonBox::ActionRole);
    settings->setObjectName(QStringLiteral("managerSettings"));
    settings->setAutoDefault(false);
    connect(settings, &QPushButton::clicked, this, [this, approval] {
        if (SettingsDialog::openFor(m_till, approval, this))
            emit settingsSaved();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    resize(parent ? parent->size() * 19 / 20 : QSize(1200, 760));

    connect(m_history, &OrderHistoryPage::reprintRequested, this, [this](const store::Order& order) {
        auto made = receipt::Receipt::forPayment(order, m_till.settings());
        print(made ? Result<receipt::Receipt>(made->reprinted()) : made);
    });
    connect(m_history, &OrderHistoryPage::refundReceiptRequested, this,
            [this](const store::Refund& refund, const store::Order& order) {
                print(receipt::Receipt::forRefund(order, refund, m_till.settings()));
            });
    if (m_receipts) {
        connect(m_receipts, &ReceiptOutput::printed, this, [this](const receipt::Receipt&, const QString& where) {
            m_printMessage = tr("Printed: %1").arg(where);
        });
        connect(m_receipts, &ReceiptOutput::failed, this, [this](const QString& message, const receipt::Receipt&) {
            m_printMessage = message;
            QMessageBox::warning(this, tr("Not printed"), message);
        });
    }
}

void ManagerWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void ManagerWindow::print(const Result<receipt::Receipt>& receipt)
{
    if (!receipt) {
        m_printMessage = receipt.error().message();
        QMessageBox::warning(this, tr("Not printed"), m_printMessage);
        return;
    }
    if (!m_receipts || !m_receipts->isEnabled()) {
        m_printMessage = tr("No receipt printer is set up ([receipt] printer in the config).");
        QMessageBox::information(this, tr("Not printed"), m_printMessage);
        return;
    }
    m_printMessage = tr("Printing…");
    m_receipts->print(*receipt);
}

} // namespace counterpay::ui
