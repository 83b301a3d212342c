#include "payment/Till.h"

#include "alipay/ChinaTime.h"
#include "alipay/TradeFields.h"
#include "payment/CashierAdvice.h"
#include "payment/PaymentSession.h"
#include "reconcile/Reconciliation.h"
#include "report/DayCloses.h"
#include "report/DayReporter.h"
#include "report/ReportFormat.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <memory>

namespace counterpay::payment {

using store::EventSource;
using store::OrderState;

Till::Till(QObject* parent)
    : Till(Clock::system(), QtScheduler::instance(), parent)
{}

Till::Till(const Clock& clock, Scheduler& scheduler, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_scheduler(scheduler)
    , m_owner(store::LeaseOwner::forThisProcess())
{
    connect(&m_probe, &alipay::GatewayProbe::finished, this, &Till::gatewayReachability);
}

Till::~Till()
{
    if (m_heartbeat)
        m_scheduler.cancel(m_heartbeat);
    // Sessions hold references to the parts: they go first.
    delete m_payment.data();
    delete m_recovery.data();
    for (const QPointer<RefundSession>& refund : std::as_const(m_refunds))
        delete refund.data();
    for (const QPointer<QObject>& reconciliation : std::as_const(m_reconciliations))
        delete reconciliation.data();
    m_notifyServer.reset();
}

Result<void> Till::load(const QString& configPath, TillParts::Use use, const QString& fallbackDatabase,
                        const vault::PassphrasePrompt& prompt)
{
    if (anythingLive())
        return Error::input(tr("The settings cannot be reloaded while a payment or a recovery is under way."));
    auto parts = TillParts::load(configPath, use, fallbackDatabase, m_clock, prompt);
    if (!parts)
        return parts.error();
    return install(std::move(*parts));
}

Result<void> Till::loadWithGateway(const QString& configPath, config::GatewayConfig gateway, TillParts::Use use)
{
    // No passphrase is asked here, so install() alone refuses while something is live.
    auto parts = TillParts::withGateway(configPath, std::move(gateway), use, {}, m_clock);
    if (!parts)
        return parts.error();
    return install(std::move(*parts));
}

Result<void> Till::install(TillParts parts)
{
    if (anythingLive())
        return Error::input(tr("The settings cannot be reloaded while a payment or a recovery is under way."));
    if (!parts.store)
        return Error::config(tr("A till needs an order book."));
    if (!parts.people)
        parts.people = std::make_unique<people::PeopleStore>(parts.store->connection(), m_clock);
    if (!parts.shifts)
        parts.shifts = std::make_unique<people::ShiftLog>(parts.store->connection(), m_clock);
    m_notifyServer.reset();
    m_parts = std::move(parts);
    if (!m_heartbeat)
        heartbeat();
    return {};
}

PaymentContext Till::context()
{
    return PaymentContext{*m_parts.store, *m_parts.trades, m_scheduler, m_clock, m_owner};
}

Result<store::Order> Till::startPayment(const PaymentRequest& request)
{
    if (!m_parts.trades)
        return Error::config(tr("This till was opened without its gateway; it cannot take payments."));
    if (m_payment)
        return Error::input(tr("A payment is already under way at this till; finish or stop it first."));
    // A closed day's report was signed off: a payment now would not be in it (China's business day).
    auto closed = report::DayCloses(m_parts.store->connection(), m_clock).find(alipay::ChinaTime::dayOf(m_clock.now()));
    if (!closed)
        return closed.error();
    if (closed->has_value())
        return Error(
            Error::Category::Permission,
            tr("Today was closed by %1 at %2; no more payments can be taken until tomorrow.")
                .arg((*closed)->closedBy, alipay::ChinaTime::of((*closed)->closedAt).toString(QStringLiteral("HH:mm"))),
            QStringLiteral("business day %1 closed").arg((*closed)->day.toString(Qt::ISODate)));
    if (request.amount.fen() < 1 || request.amount.fen() > Money::kMaxChargeFen)
        return Error::input(
            tr("%1 is not an amount Alipay can charge (0.01 to 100000000.00).").arg(request.amount.toString()));
    const QString subject = request.subject.isEmpty() ? m_parts.settings.subject : request.subject;
    if (auto ok = alipay::TradeFields::checkSubject(subject); !ok)
        return ok.error();
    if (!request.authCode.isEmpty()) {
        if (auto ok = alipay::TradeFields::checkAuthCode(request.authCode); !ok)
            return ok.error();
    }

    config::PaymentOptions options = m_parts.settings.payment;
    if (!m_cashier.isEmpty())
        options.cashierId = m_cashier;
    if (request.lifetimeMs) {
        options.qrLifetimeMs = *request.lifetimeMs;
        options.barcodeWaitMs = *request.lifetimeMs;
    }
    auto* session = new PaymentSession(context(), options, this);
    m_payment = session;
    relay(session);
    if (request.authCode.isEmpty())
        session->startQr(request.amount, subject);
    else
        session->startBarcode(request.amount, subject, request.authCode);
    if (session->order().outTradeNo.isEmpty()) {
        // Nothing was recorded, so nothing was sent.
        const Error error = session->lastError();
        m_payment = nullptr;
        delete session;
        return error;
    }
    return session->order();
}

void Till::stopPayment()
{
    if (m_payment)
        m_payment->stop();
}

void Till::relay(PaymentSession* session)
{
    // The till forwards its live payment, so a front end binds to one object for the program's life.
    connect(session, &PaymentSession::stateChanged, this, [this, session] {
        emit paymentStateChanged(session->order());
        emit orderChanged(session->outTradeNo());
    });
    connect(session, &PaymentSession::qrReady, this, &Till::qrReady);
    connect(session, &PaymentSession::scanned, this, &Till::customerScanned);
    connect(session, &PaymentSession::timeLeft, this, &Till::timeLeft);
    connect(session, &PaymentSession::connectionTrouble, this, [this](const QString& message) {
        emit connectionTrouble(message);
        emit gatewayReachability(false, message);
    });
    connect(session, &PaymentSession::connectionRecovered, this, [this] {
        emit connectionRecovered();
        emit gatewayReachability(true, QString());
    });
    connect(session, &PaymentSession::paid, this, &Till::paid);
    connect(session, &PaymentSession::recordingTrouble, this, &Till::recordingTrouble);
    connect(session, &PaymentSession::failed, this, [this, session](const QString& message) {
        if (session->order().outTradeNo.isEmpty()) // not recorded: startPayment() reports it
            return;
        if (session->order().state == OrderState::Failed) {
            const CashierAdvice advice = CashierAdvice::forFailure(session->lastError());
            emit notPaid(advice.reason, advice.action);
        } else {
            emit notPaid(message, QString());
        }
    });
    connect(session, &PaymentSession::refundedOnCancel, this, &Till::refundedOnCancel);
    connect(session, &PaymentSession::unresolved, this, &Till::unresolved);
    connect(session, &PaymentSession::finished, this, [this, session] {
        if (session->order().outTradeNo.isEmpty())
            return; // not recorded: startPayment() reports it
        m_payment = nullptr;
        session->deleteLater();
        emit paymentFinished(session->order());
    });
}

Result<void> Till::takeLease(const QString& outTradeNo)
{
    auto lease = m_parts.store->claimLease(outTradeNo, m_owner);
    if (!lease)
        return lease.error();
    if (lease->owner.id != m_owner.id)
        return Error::input(tr("Order %1 is being handled by another till (%2, process %3); try again when it is "
                               "done.")
                                .arg(outTradeNo, lease->owner.host)
                                .arg(lease->owner.pid));
    return {};
}

RefundOptions Till::refundOptions() const
{
    RefundOptions options;
    options.appId = m_parts.settings.payment.appId;
    options.retryBackoffMs = m_parts.settings.payment.retryBackoffMs;
    return options;
}

Result<store::Refund> Till::startRefund(const QString& outTradeNo, Money amount, const QString& authorisedBy,
                                        const QString& reason)
{
    if (!m_parts.trades)
        return Error::config(tr("This till was opened without its gateway; it cannot refund."));
    if (auto taken = takeLease(outTradeNo); !taken)
        return taken.error();
    auto* session = new RefundSession(context(), refundOptions(), this);
    const auto releaseLease = [this, outTradeNo] {
        if (auto released = m_parts.store->releaseLease(outTradeNo, m_owner); !released)
            qCWarning(lcPayment).noquote() << released.error().toString();
    };
    session->start(outTradeNo, amount, authorisedBy, reason);
    if (session->refund().outRequestNo.isEmpty()) {
        // Refused before anything was recorded or sent.
        const Error error = session->lastError();
        delete session;
        releaseLease();
        return error;
    }
    m_refunds.append(session);
    auto why = std::make_shared<QString>();
    const auto keepWhy = [why](const QString& message) { *why = message; };
    connect(session, &RefundSession::failed, this, keepWhy);
    connect(session, &RefundSession::unresolved, this, keepWhy);
    connect(session, &RefundSession::finished, this, [this, session, outTradeNo, releaseLease, why] {
        releaseLease();
        m_refunds.removeAll(session);
        session->deleteLater();
        auto order = m_parts.store->find(outTradeNo);
        emit orderChanged(outTradeNo);
        emit refundFinished(session->refund(), order && order->has_value() ? **order : store::Order(), *why);
    });
    emit orderChanged(outTradeNo);
    return session->refund();
}

bool Till::recover()
{
    if (m_recovery || !m_parts.trades)
        return false;
    auto* recovery = new Recovery(context(), m_parts.settings.payment, this);
    m_recovery = recovery;
    connect(recovery, &Recovery::progress, this, &Till::recoveryProgress);
    connect(recovery, &Recovery::settled, this,
            [this](const store::Order& order) { emit orderChanged(order.outTradeNo); });
    connect(recovery, &Recovery::finished, this, [this, recovery](const RecoveryReport& report) {
        if (m_recovery == recovery)
            m_recovery = nullptr;
        recovery->deleteLater();
        m_recoveryReport = report;
        emit recoveryFinished(report);
    });
    recovery->run();
    return true;
}

PaymentSession* Till::sessionFor(const QString& outTradeNo) const
{
    if (m_payment && m_payment->outTradeNo() == outTradeNo)
        return m_payment;
    return m_recovery ? m_recovery->sessionFor(outTradeNo) : nullptr;
}

Result<quint16> Till::listenForNotifications()
{
    if (!m_parts.settings.notifyEnabled || !isLoaded())
        return quint16(0);
    auto server = std::make_unique<notify::NotifyServer>(
        notify::NotifyVerifier(m_parts.gateway.alipayPublicKey, m_parts.gateway.appId),
        [this](const notify::Notification& notification) { return acceptNotification(notification); });
    connect(server.get(), &notify::NotifyServer::rejected, this, &Till::notificationRejected);
    auto port = server->listen(m_parts.settings.notifyListen, m_parts.settings.notifyPort, m_parts.settings.notifyPath);
    if (!port)
        return port.error();
    m_notifyServer = std::move(server);
    return port;
}

Result<notify::NotifyServer::FollowUp> Till::acceptNotification(const notify::Notification& notification)
{
    using FollowUp = notify::NotifyServer::FollowUp;
    store::OrderStore& book = *m_parts.store;
    const QString& sellerId = m_parts.settings.notifySellerId;
    if (!sellerId.isEmpty() && notification.sellerId != sellerId)
        return Error::security(
            tr("The notification is for seller %1, not this store's %2.").arg(notification.sellerId, sellerId),
            notification.outTradeNo);
    if (notification.notifyId.isEmpty())
        return Error::input(tr("The notification has no notify_id."), notification.outTradeNo);
    auto seen = book.hasNotification(notification.notifyId);
    if (!seen)
        return seen.error();
    if (*seen)
        return FollowUp(); // a resend of one already handled: answered, not applied again

    auto found = book.find(notification.outTradeNo);
    if (!found)
        return found.error();
    if (!found->has_value())
        return Error::input(tr("There is no order %1 in this order book.").arg(notification.outTradeNo));
    const store::Order& order = **found;
    if (order.appId != notification.appId)
        return Error::security(
            tr("Order %1 belongs to app %2, not to %3.").arg(order.outTradeNo, order.appId, notification.appId),
            notification.notifyId);
    if (order.totalAmount != notification.totalAmount)
        return Error::security(
            tr("The notification says %1 for order %2 of %3.")
                .arg(notification.totalAmount.toString(), order.outTradeNo, order.totalAmount.toString()),
            notification.notifyId);

    auto record = [&](const QString& outcome, const QString& note) -> Result<FollowUp> {
        auto recorded =
            book.recordNotification(notification.notifyId, order.outTradeNo, notification.tradeStatus, outcome, note);
        if (!recorded)
            return recorded.error();
        if (!note.isEmpty())
            emit orderChanged(order.outTradeNo);
        return FollowUp();
    };
    if (!notification.meansPaid())
        return record(QStringLiteral("information"), {});

    if (PaymentSession* session = sessionFor(order.outTradeNo)) {
        if (!session->acceptsNotifiedPayment())
            return record(QStringLiteral("information"),
                          tr("Alipay notified payment (trade %1) while the cancel was under way; the cancel's "
                             "answer decides")
                              .arg(notification.tradeNo));
        auto recorded = record(QStringLiteral("to the live payment"), {});
        if (!recorded)
            return recorded;
        // After `success` is on the wire: the session's end may end the program.
        return FollowUp([session = QPointer<PaymentSession>(session), tradeNo = notification.tradeNo,
                         amount = notification.totalAmount,
                         buyer = notification.params.value(QStringLiteral("buyer_logon_id"))] {
            if (session)
                session->applyNotifiedPayment(tradeNo, amount, buyer);
        });
    }
    return applyToBook(notification, order);
}

Result<notify::NotifyServer::FollowUp> Till::applyToBook(const notify::Notification& notification,
                                                         const store::Order& order)
{
    using FollowUp = notify::NotifyServer::FollowUp;
    store::OrderStore& book = *m_parts.store;
    auto record = [&](const QString& outcome, const QString& note) -> Result<FollowUp> {
        auto recorded =
            book.recordNotification(notification.notifyId, order.outTradeNo, notification.tradeStatus, outcome, note);
        if (!recorded)
            return recorded.error();
        emit orderChanged(order.outTradeNo);
        return FollowUp();
    };
    if (store::isFinal(order.state)) {
        if (order.state == OrderState::Paid && order.tradeNo == notification.tradeNo)
            return record(QStringLiteral("already paid"), {});
        return record(QStringLiteral("information"),
                      tr("Alipay notified payment (trade %1) of an order already %2")
                          .arg(notification.tradeNo, store::orderStateName(order.state)));
    }
    auto lease = book.claimLease(order.outTradeNo, m_owner);
    if (!lease)
        return lease.error();
    if (lease->owner.id != m_owner.id)
        return record(QStringLiteral("information"),
                      tr("Alipay notified payment (trade %1); the order is being handled by %2, process %3")
                          .arg(notification.tradeNo, lease->owner.host)
                          .arg(lease->owner.pid));
    // A cancel may have been sent for an order Cancelling or Unknown: only Alipay's answer to it, or
    // a query, may settle it, which recovery does.
    const bool noCancelYet = order.state == OrderState::Created || order.state == OrderState::AwaitingScan ||
                             order.state == OrderState::AwaitingPayment;
    Result<FollowUp> result = FollowUp();
    if (noCancelYet) {
        store::TransitionDetails details;
        details.tradeNo = notification.tradeNo;
        details.buyerLogonId = notification.params.value(QStringLiteral("buyer_logon_id"));
        details.buyerUserId = notification.buyerId;
        details.note = tr("paid, by Alipay's notification");
        auto moved = book.transition(order.outTradeNo, OrderState::Paid, EventSource::Notify, details, m_owner);
        result = moved ? record(QStringLiteral("applied"), {}) : Result<FollowUp>(moved.error());
    } else {
        result = record(QStringLiteral("information"),
                        tr("Alipay notified payment (trade %1) of an order whose cancel may be under way; recovery "
                           "settles it")
                            .arg(notification.tradeNo));
    }
    if (auto released = book.releaseLease(order.outTradeNo, m_owner); !released)
        qCWarning(lcPayment).noquote() << released.error().toString();
    return result;
}

void Till::checkGateway()
{
    if (isLoaded())
        m_probe.probe(m_parts.gateway.gatewayUrl, m_parts.gateway.connectTimeoutMs);
}

void Till::reconcile(QDate day, std::function<void(Result<reconcile::ReconcileReport>)> done)
{
    if (!isLoaded() || !m_parts.client) {
        done(Error::config(tr("Reconciling needs the gateway's settings; this till has none loaded.")));
        return;
    }
    auto* reconciliation =
        new reconcile::Reconciliation(*m_parts.client, m_parts.network.get(), *m_parts.store, m_parts.gateway.appId,
                                      {m_parts.settings.payment.terminalId}, this);
    m_reconciliations.append(reconciliation);
    reconciliation->run(day, [this, reconciliation, done = std::move(done)](Result<reconcile::ReconcileReport> report) {
        m_reconciliations.removeAll(reconciliation);
        reconciliation->deleteLater();
        done(std::move(report));
    });
}

Result<QList<store::Order>> Till::orders(const store::OrderFilter& filter) const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    return m_parts.store->list(filter);
}

Result<qint64> Till::countOrders(const store::OrderFilter& filter) const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    return m_parts.store->count(filter);
}

Result<std::optional<store::Order>> Till::order(const QString& outTradeNo) const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    return m_parts.store->find(outTradeNo);
}

Result<QList<store::OrderEvent>> Till::events(const QString& outTradeNo) const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    return m_parts.store->events(outTradeNo);
}

Result<people::Shift> Till::signIn(const QString& name, QStringView pin)
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    if (isPaymentLive())
        return Error::input(tr("A payment is under way; sign in when it has ended."));
    auto person = m_parts.people->verify(name, pin);
    if (!person)
        return person.error();
    auto shift = m_parts.shifts->start(person->name, m_parts.settings.payment.terminalId);
    if (!shift)
        return shift.error();
    m_shift = *shift;
    m_cashier = person->name;
    return shift;
}

Result<people::Shift> Till::handOver()
{
    if (!m_shift)
        return Error::input(tr("Nobody is signed in at this counter."));
    if (isPaymentLive())
        return Error::input(tr("A payment is under way; hand over when it has ended."));
    auto ended = m_parts.shifts->end(m_shift->id);
    if (!ended)
        return ended.error();
    m_shift.reset();
    m_cashier.clear();
    return ended;
}

Result<report::DayReport> Till::dayReport(QDate day) const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    return report::DayReporter::build(m_parts.store->connection(), day);
}

Result<report::ShiftReport> Till::shiftReport(const people::Shift& shift) const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    const QDateTime until = shift.endedAt.isValid() ? shift.endedAt : m_clock.now().addMSecs(1);
    return report::ShiftReport::build(m_parts.store->connection(), shift.person, shift.terminalId, shift.startedAt,
                                      until);
}

Result<report::DayClose> Till::closeDay(QDate day, const QString& manager)
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    if (isPaymentLive())
        return Error::input(tr("A payment is under way; close the day when it has ended."));
    auto figures = report::DayReporter::build(m_parts.store->connection(), day);
    if (!figures)
        return figures.error();
    const QByteArray summary = QJsonDocument(report::ReportFormat::toJson(*figures)).toJson(QJsonDocument::Compact);
    return report::DayCloses(m_parts.store->connection(), m_clock).close(day, manager, QString::fromUtf8(summary));
}

Result<std::optional<report::DayClose>> Till::dayClose(QDate day) const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    return report::DayCloses(m_parts.store->connection(), m_clock).find(day);
}

Result<std::optional<QDate>> Till::lastUnclosedDay() const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    return report::DayCloses(m_parts.store->connection(), m_clock)
        .lastUnclosedBefore(alipay::ChinaTime::dayOf(m_clock.now()));
}

Result<QList<store::Refund>> Till::refunds(const QString& outTradeNo) const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    return m_parts.store->refunds(outTradeNo);
}

Result<store::Order> Till::resolveByHand(const QString& outTradeNo, const QString& note, const QString& manager)
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    if (note.trimmed().isEmpty())
        return Error::input(tr("Say what was checked before marking the order resolved."));
    auto found = m_parts.store->find(outTradeNo);
    if (!found)
        return found.error();
    if (!*found)
        return Error::input(tr("There is no order %1.").arg(outTradeNo));
    const store::Order& order = **found;
    if (order.state != OrderState::Unknown)
        return Error::input(tr("Order %1 is not waiting for a manager (%2).").arg(outTradeNo, stateLabel(order.state)));
    if (order.appId != m_parts.settings.payment.appId)
        return Error::input(
            tr("Order %1 belongs to app %2; resolve it with that app's counter.").arg(outTradeNo, order.appId));
    if (sessionFor(outTradeNo))
        return Error::input(
            tr("Order %1 is being checked with Alipay right now; wait for the answer.").arg(outTradeNo));
    if (auto taken = takeLease(outTradeNo); !taken)
        return taken.error();
    store::TransitionDetails details;
    details.note = tr("Resolved by hand by %1: %2").arg(manager, note.trimmed());
    details.reason = QString();
    auto moved =
        m_parts.store->transition(outTradeNo, OrderState::Closed, store::EventSource::Manager, details, m_owner);
    if (auto released = m_parts.store->releaseLease(outTradeNo, m_owner); !released)
        qCWarning(lcPayment).noquote() << released.error().toString();
    if (moved)
        emit orderChanged(outTradeNo);
    return moved;
}

Result<QList<store::Order>> Till::needingAttention() const
{
    if (!isLoaded())
        return Error::config(tr("No counter is loaded."));
    auto unresolved = m_parts.store->unresolved();
    if (!unresolved)
        return unresolved;
    QList<store::Order> left;
    for (const store::Order& order : *unresolved) {
        if (!sessionFor(order.outTradeNo))
            left.append(order);
    }
    return left;
}

QString Till::stateLabel(OrderState state)
{
    switch (state) {
    case OrderState::Created:
        return tr("Order recorded");
    case OrderState::AwaitingScan:
        return tr("Ask the customer to scan");
    case OrderState::AwaitingPayment:
        return tr("Scanned, waiting for payment");
    case OrderState::Paid:
        return tr("Paid");
    case OrderState::Cancelling:
        return tr("Cancelling");
    case OrderState::Closed:
        return tr("Not paid, order closed");
    case OrderState::Failed:
        return tr("Payment failed");
    case OrderState::Unknown:
        return tr("Outcome not confirmed; checked again later");
    case OrderState::PartiallyRefunded:
        return tr("Partly refunded");
    case OrderState::Refunded:
        return tr("Refunded");
    }
    return QString();
}

bool Till::anythingLive() const
{
    return m_payment || m_recovery || !m_refunds.isEmpty() || !m_reconciliations.isEmpty();
}

void Till::heartbeat()
{
    m_heartbeat = m_scheduler.schedule(kHeartbeatMs, this, [this] {
        m_heartbeat = 0;
        heartbeat();
    });
    if (anythingLive() && m_parts.store) {
        if (auto renewed = m_parts.store->renewLeases(m_owner); !renewed)
            qCWarning(lcPayment).noquote() << "leases not renewed:" << renewed.error().toString();
    }
}

} // namespace counterpay::payment
