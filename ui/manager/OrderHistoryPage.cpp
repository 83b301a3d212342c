#include "manager/OrderHistoryPage.h"

#include "alipay/ChinaTime.h"
#include "manager/OrderDetailPane.h"
#include "manager/OrderHistoryModel.h"
#include "manager/RefundDialog.h"
#include "payment/Till.h"

#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace counterpay::ui {

using store::OrderState;

namespace {

// The state filter's choices, in a manager's words; several states where the words cover them.
struct StateChoice
{
    const char* words;
    QList<OrderState> states;
};

const QList<StateChoice>& stateChoices()
{
    static const QList<StateChoice> choices{
        {QT_TRANSLATE_NOOP("counterpay::ui::OrderHistoryPage", "All states"), {}},
        {QT_TRANSLATE_NOOP("counterpay::ui::OrderHistoryPage", "Paid (incl. partly refunded)"),
         {OrderState::Paid, OrderState::PartiallyRefunded}},
        {QT_TRANSLATE_NOOP("counterpay::ui::OrderHistoryPage", "Refunded"), {OrderState::Refunded}},
        {QT_TRANSLATE_NOOP("counterpay::ui::OrderHistoryPage", "Not paid"), {OrderState::Closed, OrderState::Failed}},
        {QT_TRANSLATE_NOOP("counterpay::ui::OrderHistoryPage", "Needs a manager"), {OrderState::Unknown}},
        {QT_TRANSLATE_NOOP("counterpay::ui::OrderHistoryPage", "In progress"),
         {OrderState::Created, OrderState::AwaitingScan, OrderState::AwaitingPayment, OrderState::Cancelling}},
    };
    return choices;
}

} // namespace

OrderHistoryPage::OrderHistoryPage(payment::Till& till, ManagerApproval approval, QWidget* parent)
    : QWidget(parent)
    , m_till(till)
    , m_approval(std::move(approval))
{
    setObjectName(QStringLiteral("historyPage"));
    m_model = new OrderHistoryModel(till, this);
    m_detail = new OrderDetailPane(till, this);

    const QDate today = alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
    m_from = new QDateEdit(today, this);
    m_until = new QDateEdit(today, this);
    for (QDateEdit* edit : {m_from, m_until}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    m_from->setAccessibleName(tr("From day"));
    m_until->setAccessibleName(tr("Until day"));
    m_state = new QComboBox(this);
    for (const StateChoice& choice : stateChoices())
        m_state->addItem(tr(choice.words));
    m_state->setAccessibleName(tr("State"));
    m_mode = new QComboBox(this);
    m_mode->addItems({tr("QR code and payment code"), tr("QR code"), tr("Payment code")});
    m_mode->setAccessibleName(tr("Paid by"));
    m_cashier = new QLineEdit(this);
    m_cashier->setPlaceholderText(tr("any cashier"));
    m_cashier->setAccessibleName(tr("Cashier"));
    m_minAmount = new QLineEdit(this);
    m_maxAmount = new QLineEdit(this);
    m_minAmount->setPlaceholderText(tr("from ¥"));
    m_maxAmount->setPlaceholderText(tr("to ¥"));
    m_minAmount->setAccessibleName(tr("Smallest amount"));
    m_maxAmount->setAccessibleName(tr("Largest amount"));
    m_number = new QLineEdit(this);
    m_number->setObjectName(QStringLiteral("historySearch"));
    m_number->setPlaceholderText(tr("Order no. or Alipay trade no. — or scan the receipt's QR code"));
    m_number->setAccessibleName(tr("Search by order number"));
    m_number->setClearButtonEnabled(true);
    // The scanner gun types digits and letters fast; an input method must not turn them full-width.
    m_number->setAttribute(Qt::WA_InputMethodEnabled, false);
    auto* apply = new QPushButton(tr("Show"), this);
    apply->setObjectName(QStringLiteral("historyApply"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(OrderHistoryModel::Time, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setAccessibleName(tr("Orders"));
    m_previous = new QPushButton(tr("◀ Previous page"), this);
    m_next = new QPushButton(tr("Next page ▶"), this);
    m_pager = new QLabel(this);
    m_pager->setObjectName(QStringLiteral("historyPager"));
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #C62828"));

    auto* filters = new QGridLayout;
    filters->addWidget(new QLabel(tr("Days"), this), 0, 0);
    filters->addWidget(m_from, 0, 1);
    filters->addWidget(new QLabel(QStringLiteral("–"), this), 0, 2);
    filters->addWidget(m_until, 0, 3);
    filters->addWidget(m_state, 0, 4);
    filters->addWidget(m_mode, 0, 5);
    filters->addWidget(m_cashier, 0, 6);
    filters->addWidget(m_minAmount, 0, 7);
    filters->addWidget(m_maxAmount, 0, 8);
    filters->addWidget(apply, 0, 9);
    filters->addWidget(m_number, 1, 0, 1, 10);
    auto* pager = new QHBoxLayout;
    pager->addWidget(m_previous);
    pager->addWidget(m_pager, 1, Qt::AlignCenter);
    pager->addWidget(m_next);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addLayout(pager);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({600, 400});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_problem);
    layout->addWidget(splitter, 1);

    connect(apply, &QPushButton::clicked, this, &OrderHistoryPage::applyFilters);
    for (QLineEdit* edit : {m_cashier, m_minAmount, m_maxAmount})
        connect(edit, &QLineEdit::returnPressed, this, &OrderHistoryPage::applyFilters);
    for (QComboBox* box : {m_state, m_mode})
        connect(box, &QComboBox::activated, this, &OrderHistoryPage::applyFilters);
    for (QDateEdit* edit : {m_from, m_until})
        connect(edit, &QDateEdit::dateChanged, this, &OrderHistoryPage::applyFilters);
    connect(m_number, &QLineEdit::returnPressed, this, [this] { search(m_number->text()); });
    connect(m_previous, &QPushButton::clicked, this, [this] { m_model->setPage(m_model->page() - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { m_model->setPage(m_model->page() + 1); });
    connect(m_model, &OrderHistoryModel::loaded, this, &OrderHistoryPage::showPager);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                m_detail->showOrder(current.isValid() ? m_model->orderAt(current.row()).outTradeNo : QString());
            });
    connect(&m_till, &payment::Till::orderChanged, this, [this](const QString& outTradeNo) {
        if (m_model->rowOf(outTradeNo) >= 0)
            m_model->reload();
        if (m_detail->outTradeNo() == outTradeNo)
            m_detail->showOrder(outTradeNo);
    });
    connect(m_detail, &OrderDetailPane::refundRequested, this, [this] { openRefund(); });
    connect(m_detail, &OrderDetailPane::reprintRequested, this, &OrderHistoryPage::reprintRequested);
    connect(m_detail, &OrderDetailPane::resolveRequested, this, &OrderHistoryPage::resolve);
    connect(m_detail, &OrderDetailPane::queryAgainRequested, this, [this] {
        m_problem->setText(m_till.recover() ? tr("Asking Alipay about every unresolved order…")
                                            : tr("Alipay is being asked already; the answer shows here."));
    });
    connect(&m_till, &payment::Till::recoveryFinished, this, [this] {
        m_problem->setText(tr("Alipay was asked again."));
        m_model->reload();
        m_detail->showOrder(m_detail->outTradeNo());
    });
    applyFilters();
}

void OrderHistoryPage::applyFilters()
{
    store::OrderFilter filter;
    m_problem->clear();
    QDate from = m_from->date();
    QDate until = m_until->date();
    if (until < from)
        std::swap(from, until);
    filter.from = alipay::ChinaTime::startOfDay(from);
    filter.until = alipay::ChinaTime::startOfDay(until.addDays(1));
    filter.states = stateChoices().value(m_state->currentIndex()).states;
    if (m_mode->currentIndex() == 1)
        filter.mode = store::Order::PayMode::Qr;
    else if (m_mode->currentIndex() == 2)
        filter.mode = store::Order::PayMode::Barcode;
    if (!m_cashier->text().trimmed().isEmpty())
        filter.cashierId = m_cashier->text().trimmed();
    const auto amount = [this](QLineEdit* edit, std::optional<Money>& into) {
        if (edit->text().trimmed().isEmpty())
            return true;
        auto parsed = Money::parse(edit->text().trimmed(), Money::Kind::NonNegative);
        if (!parsed) {
            m_problem->setText(parsed.error().message());
            edit->setFocus();
            return false;
        }
        into = *parsed;
        return true;
    };
    if (!amount(m_minAmount, filter.minAmount) || !amount(m_maxAmount, filter.maxAmount))
        return;
    m_model->setFilter(filter);
    if (m_model->rowCount() > 0)
        selectRow(0);
    else
        m_detail->showOrder({});
}

void OrderHistoryPage::search(const QString& number)
{
    const QString wanted = number.trimmed();
    if (wanted.isEmpty())
        return applyFilters();
    store::OrderFilter filter;
    filter.number = wanted;
    m_model->setFilter(filter);
    if (m_model->rowCount() == 0) {
        m_problem->setText(tr("No order has the number %1.").arg(wanted));
        m_detail->showOrder({});
        return;
    }
    m_problem->clear();
    selectRow(0);
    m_number->selectAll();
}

void OrderHistoryPage::selectRow(int row)
{
    m_table->selectRow(row);
    m_table->setCurrentIndex(m_model->index(row, 0));
}

void OrderHistoryPage::showPager()
{
    const int pages = std::max(1, m_model->pageCount());
    m_pager->setText(tr("%n order(s) · page %1 of %2", nullptr, int(std::min<qint64>(m_model->totalCount(), INT_MAX)))
                         .arg(m_model->page() + 1)
                         .arg(pages));
    m_previous->setEnabled(m_model->page() > 0);
    m_next->setEnabled(m_model->page() + 1 < pages);
    if (!m_model->error().isEmpty())
        m_problem->setText(m_model->error());
}

RefundDialog* OrderHistoryPage::openRefund()
{
    auto found = m_till.order(m_detail->outTradeNo());
    if (!found || !*found)
        return nullptr;
    const store::Order& order = **found;
    if (order.state != OrderState::Paid && order.state != OrderState::PartiallyRefunded)
        return nullptr;
    auto* dialog = new RefundDialog(m_till, order, m_approval, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RefundDialog::printRequested, this, &OrderHistoryPage::refundReceiptRequested);
    dialog->open();
    return dialog;
}

void OrderHistoryPage::resolve(const store::Order& order)
{
    bool given = false;
    const QString note = QInputDialog::getText(
        this, tr("Mark %1 resolved").arg(order.outTradeNo),
        tr("The order will be closed as not paid. What did you check (Alipay's merchant portal, the customer's "
           "phone)?"),
        QLineEdit::Normal, QString(), &given);
    if (!given || note.trimmed().isEmpty())
        return;
    const auto manager = m_approval(this, tr("Mark order %1 resolved").arg(order.outTradeNo));
    if (!manager)
        return;
    auto resolved = m_till.resolveByHand(order.outTradeNo, note, *manager);
    m_problem->setText(resolved ? tr("Order %1 closed by %2.").arg(order.outTradeNo, *manager)
                                : resolved.error().message());
    m_model->reload();
    m_detail->showOrder(order.outTradeNo);
}

} // namespace counterpay::ui
