#include "payment/PaymentSession.h"

#include "alipay/Timestamp.h"
#include "store/OrderStore.h"

#include <QCoreApplication>
#include <QPointer>

namespace counterpay::payment {

Q_LOGGING_CATEGORY(lcPayment, "counterpay.payment")

using store::EventSource;
using store::OrderState;
using store::TransitionDetails;

namespace {

// The request may or may not have been carried out: ask again, never conclude.
bool isAmbiguous(const Error& error)
{
    switch (error.category()) {
    case Error::Category::Network:
    case Error::Category::Unknown:
    case Error::Category::Gateway:
    case Error::Category::Security:
        return true;
    case Error::Category::Business:
        return error.subCode() == u"ACQ.SYSTEM_ERROR" || error.subCode() == u"ACQ.TRADE_HAS_SUCCESS";
    default:
        return false;
    }
}

bool isTradeNotExist(const Error& error)
{
    return error.category() == Error::Category::Business &&
           error.subCode() == QLatin1String(alipay::TradeQuery::kTradeNotExist);
}

} // namespace

PaymentSession::PaymentSession(const PaymentContext& context, config::PaymentOptions options, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_store(context.store)
    , m_gateway(context.gateway)
    , m_scheduler(context.scheduler)
    , m_clock(context.clock)
    , m_options(std::move(options))
{}

PaymentSession::~PaymentSession()
{
    if (m_wake)
        m_scheduler.cancel(m_wake);
    if (m_tick)
        m_scheduler.cancel(m_tick);
}

qint64 PaymentSession::nowMs() const
{
    return m_clock.now().toMSecsSinceEpoch();
}

qint64 PaymentSession::backoffMs(int attempt) const
{
    if (m_options.retryBackoffMs.isEmpty())
        return 1000;
    const qsizetype index = std::clamp<qsizetype>(attempt - 1, 0, m_options.retryBackoffMs.size() - 1);
    return m_options.retryBackoffMs[index];
}

void PaymentSession::startQr(Money amount, const QString& subject)
{
    begin(store::Order::PayMode::Qr, amount, subject, m_options.qrLifetimeMs);
}

void PaymentSession::startBarcode(Money amount, const QString& subject, const QString& authCode)
{
    m_authCode = authCode;
    begin(store::Order::PayMode::Barcode, amount, subject, m_options.barcodeWaitMs);
}

void PaymentSession::begin(store::Order::PayMode mode, Money amount, const QString& subject, qint64 lifetimeMs)
{
    const QDateTime now = m_clock.now();
    const QDate businessDay = alipay::ChinaTime::dayOf(now);
    auto number = m_store.nextOutTradeNo(m_options.terminalId, businessDay);
    Result<store::Order> created =
        number ? m_store.create(store::NewOrder{*number, m_options.appId, amount, subject, mode, m_options.terminalId,
                                                m_options.cashierId, now.addMSecs(lifetimeMs), m_context.owner})
               : Result<store::Order>(number.error());
    if (!created) {
        // Nothing was sent: without a committed order row no request leaves this machine.
        m_lastError = created.error();
        m_phase = Phase::Done;
        qCCritical(lcPayment) << "order not recorded:" << m_lastError.toString();
        emit failed(tr("The order could not be recorded, so no payment was started: %1").arg(m_lastError.message()));
        emit finished();
        return;
    }
    m_order = *created;
    emit stateChanged(m_order.state);
    m_deadlineMs = nowMs() + lifetimeMs;
    m_phase = Phase::Creating;
    m_nextActionMs = nowMs();
    step();
}

void PaymentSession::resume(const store::Order& order)
{
    m_order = order;
    m_resumed = true;
    const qint64 now = nowMs();
    m_deadlineMs = order.expiresAt.isValid() ? order.expiresAt.toMSecsSinceEpoch() : now;
    m_waitStartMs = order.createdAt.isValid() ? order.createdAt.toMSecsSinceEpoch() : now;
    m_nextActionMs = now;
    // A customer who already scanned (or is confirming a barcode payment) may still be paying: wait
    // for them until the order's time is up. Any other order is settled now: after a restart its QR
    // is no longer on the screen.
    const bool customerMayBePaying = now < m_deadlineMs && order.state == OrderState::AwaitingPayment;
    if (customerMayBePaying) {
        m_phase = Phase::Waiting;
        tick();
        step();
    } else {
        // Its time has passed (or it was already being cancelled): settle it now.
        m_phase = Phase::FinalQuery;
        m_cancelReason = tr("resumed after a restart; its time had passed");
        step();
    }
}

void PaymentSession::stop()
{
    if (m_phase == Phase::Done || m_phase == Phase::Idle)
        return;
    m_cancelRequested = true;
    step();
}

bool PaymentSession::acceptsNotifiedPayment() const
{
    return m_phase != Phase::Done && m_phase != Phase::Idle && m_phase != Phase::Recording && !cancelSent();
}

bool PaymentSession::cancelSent() const
{
    // A trade found closed is settled by the refund check, whatever a late notification says.
    return m_phase == Phase::RefundCheck || (m_phase == Phase::Cancelling && m_cancelAttempts > 0);
}

bool PaymentSession::applyNotifiedPayment(const QString& tradeNo, Money totalAmount, const QString& buyerLogonId)
{
    if (m_phase == Phase::Done || m_phase == Phase::Idle || m_phase == Phase::Recording)
        return false;
    if (cancelSent()) {
        const QString text = tr("Alipay notified payment (trade %1) while the cancel was under way; the cancel's "
                                "answer decides")
                                 .arg(tradeNo);
        qCInfo(lcPayment).noquote() << "order" << m_order.outTradeNo << ":" << text;
        if (auto noted = m_store.note(m_order.outTradeNo, EventSource::Notify, text); !noted)
            qCWarning(lcPayment).noquote() << "could not note it:" << noted.error().toString();
        return false;
    }
    markPaid(EventSource::Notify, tradeNo, totalAmount, buyerLogonId, QString());
    return true;
}

void PaymentSession::step()
{
    if (m_busy || m_phase == Phase::Done || m_phase == Phase::Idle)
        return;
    const qint64 now = nowMs();
    switch (m_phase) {
    case Phase::Creating:
    case Phase::Waiting:
        if (m_cancelRequested) {
            beginCancel(tr("stopped by the cashier"));
            return;
        }
        if (now >= m_deadlineMs) {
            beginCancel(tr("the customer did not pay in time"));
            return;
        }
        if (now < m_nextActionMs) {
            wakeAt(std::min(m_nextActionMs, m_deadlineMs));
            return;
        }
        if (m_phase == Phase::Creating)
            sendCreate();
        else
            sendQuery();
        return;
    case Phase::FinalQuery:
    case Phase::Cancelling:
    case Phase::RefundCheck:
    case Phase::Recording:
        if (now < m_nextActionMs) {
            wakeAt(m_nextActionMs);
            return;
        }
        if (m_phase == Phase::FinalQuery)
            sendQuery();
        else if (m_phase == Phase::Cancelling)
            sendCancel();
        else if (m_phase == Phase::RefundCheck)
            sendRefundCheck();
        else
            retryRecording();
        return;
    case Phase::Idle:
    case Phase::Done:
        return;
    }
}

void PaymentSession::wakeAt(qint64 dueMs)
{
    if (m_wake)
        m_scheduler.cancel(m_wake);
    m_wake = m_scheduler.schedule(dueMs - nowMs(), this, [this] {
        m_wake = 0;
        step();
    });
}

void PaymentSession::tick()
{
    if (m_phase != Phase::Waiting && m_phase != Phase::Creating)
        return;
    emit timeLeft(static_cast<int>(std::max<qint64>(0, m_deadlineMs - nowMs()) / 1000));
    m_tick = m_scheduler.schedule(1000, this, [this] {
        m_tick = 0;
        tick();
    });
}

void PaymentSession::sendCreate()
{
    ++m_createAttempts;
    // What precreate and pay share: the order and the till, the same on every resend.
    const auto describeOrder = [this](auto& call) {
        call.outTradeNo = m_order.outTradeNo;
        call.totalAmount = m_order.totalAmount;
        call.subject = m_order.subject;
        call.storeId = m_options.storeId;
        call.terminalId = m_options.terminalId;
        call.operatorId = m_options.cashierId;
        call.notifyUrl = m_options.notifyUrl;
    };
    if (m_order.mode == store::Order::PayMode::Qr) {
        alipay::TradePrecreate call;
        describeOrder(call);
        // Derived from the options, never from the time left, so a resend carries identical parameters.
        call.qrCodeTimeoutExpress =
            QStringLiteral("%1m").arg(std::max<qint64>(1, (m_options.qrLifetimeMs + 59999) / 60000));
        m_gateway.precreate(call, replyTo(&PaymentSession::onPrecreate));
    } else {
        alipay::TradePay call;
        describeOrder(call);
        call.authCode = m_authCode;
        m_gateway.pay(call, replyTo(&PaymentSession::onPay));
    }
}

void PaymentSession::sendQuery()
{
    m_gateway.query(alipay::TradeQuery{m_order.outTradeNo}, replyTo(&PaymentSession::onQuery));
}

void PaymentSession::sendCancel()
{
    ++m_cancelAttempts;
    m_gateway.cancel(alipay::TradeCancel{m_order.outTradeNo}, replyTo(&PaymentSession::onCancel));
}

void PaymentSession::sendRefundCheck()
{
    ++m_refundChecks;
    // A refund made by a cancel carries no out_request_no of ours; Alipay files it under the
    // out_trade_no (alipay.trade.fastpay.refund.query, out_request_no).
    m_gateway.refundQuery(alipay::TradeRefundQuery{m_order.outTradeNo, m_order.outTradeNo},
                          replyTo(&PaymentSession::onRefundCheck));
}

void PaymentSession::onPrecreate(Result<alipay::TradePrecreate::Response> answer)
{
    m_busy = false;
    if (m_phase != Phase::Creating)
        return;
    if (!answer) {
        m_lastError = answer.error();
        if (!isAmbiguous(m_lastError)) {
            finishFailed(m_lastError);
            return;
        }
        noteTrouble(m_lastError);
        if (m_createAttempts >= m_options.maxCreateAttempts) {
            beginCancel(tr("no QR code could be obtained: %1").arg(m_lastError.message()));
            return;
        }
        m_nextActionMs = nowMs() + backoffMs(m_createAttempts);
        step();
        return;
    }
    noteHealthy();
    TransitionDetails details;
    details.qrCode = answer->qrCode;
    move(OrderState::AwaitingScan, EventSource::Gateway, details);
    emit qrReady(answer->qrCode);
    m_phase = Phase::Waiting;
    m_waitStartMs = nowMs();
    m_nextActionMs = m_waitStartMs + m_options.poll.firstQueryMs();
    tick();
    step();
}

void PaymentSession::onPay(Result<alipay::TradePay::Response> answer)
{
    m_busy = false;
    if (m_phase != Phase::Creating)
        return;
    const qint64 now = nowMs();
    if (answer) {
        noteHealthy();
        if (answer->outcome == alipay::TradePay::Response::Outcome::Paid) {
            markPaid(EventSource::Gateway, answer->tradeNo, answer->totalAmount, answer->buyerLogonId,
                     answer->buyerUserId);
            return;
        }
        TransitionDetails details;
        details.code = QStringLiteral("10003");
        details.tradeNo = answer->tradeNo;
        details.note = tr("waiting for the customer to confirm on the phone");
        move(OrderState::AwaitingPayment, EventSource::Gateway, details);
        emit scanned();
        m_phase = Phase::Waiting;
        m_waitStartMs = now;
        m_nextActionMs = now + m_options.poll.firstQueryMs();
        tick();
        step();
        return;
    }
    m_lastError = answer.error();
    if (!isAmbiguous(m_lastError)) {
        finishFailed(m_lastError);
        return;
    }
    noteTrouble(m_lastError);
    if (m_lastError.category() == Error::Category::Network && m_createAttempts < m_options.maxCreateAttempts) {
        // It never arrived: the same request again, same out_trade_no, same parameters.
        m_nextActionMs = now + backoffMs(m_createAttempts);
        step();
        return;
    }
    // It may have arrived: find out before anything else.
    m_phase = Phase::Waiting;
    m_waitStartMs = now;
    m_nextActionMs = now;
    step();
}

void PaymentSession::onQuery(Result<alipay::TradeQuery::Response> answer)
{
    m_busy = false;
    if (m_phase == Phase::Done)
        return;
    const qint64 now = nowMs();
    if (answer) {
        noteHealthy();
        if (answer->meansPaid()) {
            markPaid(m_resumed ? EventSource::Recovery : EventSource::Query, answer->tradeNo, answer->totalAmount,
                     answer->buyerLogonId, answer->buyerUserId);
            return;
        }
        if (answer->isClosed()) {
            // TRADE_CLOSED also means "paid, then fully refunded" (an earlier cancel, perhaps by a
            // run that was killed before it heard the answer): ask before calling it unpaid.
            m_phase = Phase::RefundCheck;
            m_nextActionMs = now;
            step();
            return;
        }
        if (m_order.state == OrderState::Created || m_order.state == OrderState::AwaitingScan ||
            m_order.state == OrderState::Unknown) {
            TransitionDetails details;
            details.tradeNo = answer->tradeNo;
            details.buyerLogonId = answer->buyerLogonId;
            details.note = tr("scanned; waiting for the customer to pay");
            move(OrderState::AwaitingPayment, m_resumed ? EventSource::Recovery : EventSource::Query, details);
            emit scanned();
        }
    } else {
        m_lastError = answer.error();
        if (isTradeNotExist(m_lastError)) {
            noteHealthy(); // Alipay answered: not scanned yet, or the pay never arrived
            if (m_phase == Phase::Waiting && m_order.mode == store::Order::PayMode::Barcode && !m_authCode.isEmpty() &&
                m_payResends < m_options.maxPayResends) {
                ++m_payResends;
                m_phase = Phase::Creating;
                m_nextActionMs = now;
                step();
                return;
            }
        } else {
            noteTrouble(m_lastError);
        }
    }

    if (m_phase == Phase::FinalQuery) {
        m_phase = Phase::Cancelling;
        m_nextActionMs = now;
    } else if (m_phase == Phase::Waiting) {
        m_nextActionMs = now + m_options.poll.nextDelayMs(now - m_waitStartMs, false);
    }
    step();
}

void PaymentSession::onCancel(Result<alipay::TradeCancel::Response> answer)
{
    m_busy = false;
    if (m_phase != Phase::Cancelling)
        return;
    const EventSource source = m_resumed ? EventSource::Recovery : EventSource::Cancel;
    if (answer) {
        noteHealthy();
        if (answer->refunded()) {
            finishRefunded(source, answer->tradeNo);
            return;
        }
        if (!answer->retry) {
            finishClosed(source, m_cancelReason.isEmpty() ? tr("The order was cancelled.") : m_cancelReason);
            return;
        }
    } else {
        m_lastError = answer.error();
        if (isTradeNotExist(m_lastError)) {
            // Never scanned: nothing exists at Alipay that could still be paid.
            finishClosed(source, m_cancelReason.isEmpty() ? tr("The order was cancelled.") : m_cancelReason);
            return;
        }
        if (!isAmbiguous(m_lastError)) {
            finishUnknown(tr("Alipay refused to cancel: %1").arg(m_lastError.message()));
            return;
        }
        noteTrouble(m_lastError);
    }
    if (m_cancelAttempts >= m_options.maxCancelAttempts) {
        finishUnknown(
            tr("the cancel did not get through (%1); it is retried at the next start").arg(m_lastError.message()));
        return;
    }
    m_nextActionMs = nowMs() + backoffMs(m_cancelAttempts);
    step();
}

void PaymentSession::onRefundCheck(Result<alipay::TradeRefundQuery::Response> answer)
{
    m_busy = false;
    if (m_phase != Phase::RefundCheck)
        return;
    const EventSource source = m_resumed ? EventSource::Recovery : EventSource::Query;
    if (answer) {
        noteHealthy();
        if (answer->refunded)
            finishRefunded(source, answer->tradeNo);
        else
            finishClosed(source, m_cancelReason.isEmpty() ? tr("The trade was closed at Alipay.") : m_cancelReason);
        return;
    }
    m_lastError = answer.error();
    if (isTradeNotExist(m_lastError)) {
        finishClosed(source, m_cancelReason.isEmpty() ? tr("The trade was closed at Alipay.") : m_cancelReason);
        return;
    }
    noteTrouble(m_lastError);
    if (!isAmbiguous(m_lastError) || m_refundChecks >= m_options.maxCancelAttempts) {
        finishUnknown(
            tr("closed at Alipay, but whether it was refunded could not be learnt (%1)").arg(m_lastError.message()));
        return;
    }
    m_nextActionMs = nowMs() + backoffMs(m_refundChecks);
    step();
}

bool PaymentSession::move(OrderState to, EventSource source, const TransitionDetails& details)
{
    if (m_order.state == to && to != OrderState::PartiallyRefunded)
        return true;
    auto moved = m_store.transition(m_order.outTradeNo, to, source, details, m_context.owner);
    if (!moved) {
        m_lastError = moved.error();
        qCCritical(lcPayment) << "order" << m_order.outTradeNo << "could not move to" << store::orderStateName(to)
                              << ":" << m_lastError.toString();
        return false;
    }
    m_order = *moved;
    emit stateChanged(to);
    return true;
}

void PaymentSession::markPaid(EventSource source, const QString& tradeNo, Money total, const QString& buyerLogonId,
                              const QString& buyerUserId)
{
    if (total != m_order.totalAmount) {
        // Never Paid on an answer about another amount: a manager must compare with Alipay's bill.
        finishUnknown(
            tr("Alipay reports %1 paid for an order of %2").arg(total.toString(), m_order.totalAmount.toString()));
        return;
    }
    TransitionDetails details;
    details.tradeNo = tradeNo;
    details.buyerLogonId = buyerLogonId;
    details.buyerUserId = buyerUserId;
    details.paidAt = m_clock.now();
    if (move(OrderState::Paid, source, details)) {
        emit paid(m_order);
        finish();
        return;
    }
    if (store::OrderStore::isConflict(m_lastError)) {
        // The book holds something else (another till moved it, another trade number, a state that
        // cannot become Paid): never claim money the book does not agree on.
        finishUnknown(tr("Alipay reports it paid (trade %1), but the order book refused to record it: %2")
                          .arg(tradeNo, m_lastError.message()));
        return;
    }
    // The disk failed, not the payment: the customer did pay and the cashier must hear it. The write
    // is retried; if it never succeeds, the next start queries the order and records it.
    m_order.state = OrderState::Paid;
    m_order.tradeNo = tradeNo;
    m_order.paidAt = details.paidAt->toUTC();
    m_paidSource = source;
    m_paidDetails = details;
    m_phase = Phase::Recording;
    m_recordAttempts = 0;
    emit paid(m_order);
    emit recordingTrouble(tr("Paid, but the order book could not record it yet (%1); it is written as soon as it "
                             "can be.")
                              .arg(m_lastError.message()));
    m_nextActionMs = nowMs() + backoffMs(1);
    step();
}

void PaymentSession::retryRecording()
{
    ++m_recordAttempts;
    auto stored = m_store.find(m_order.outTradeNo);
    if (stored && stored->has_value() && (*stored)->state == OrderState::Paid) {
        m_order = **stored; // recorded meanwhile (by a recovery, say)
        finish();
        return;
    }
    if (stored && stored->has_value()) {
        auto moved =
            m_store.transition(m_order.outTradeNo, OrderState::Paid, m_paidSource, m_paidDetails, m_context.owner);
        if (moved) {
            qCInfo(lcPayment).noquote() << "order" << m_order.outTradeNo << "recorded as paid after" << m_recordAttempts
                                        << "retries";
            m_order = *moved;
            emit stateChanged(OrderState::Paid);
            finish();
            return;
        }
        m_lastError = moved.error();
    } else if (!stored) {
        m_lastError = stored.error();
    }
    if (store::OrderStore::isConflict(m_lastError) || m_recordAttempts >= m_options.maxCancelAttempts) {
        qCCritical(lcPayment).noquote() << "order" << m_order.outTradeNo
                                        << "paid at Alipay but not recorded; the next start's recovery records it:"
                                        << m_lastError.toString();
        finish();
        return;
    }
    m_nextActionMs = nowMs() + backoffMs(m_recordAttempts + 1);
    step();
}

void PaymentSession::beginCancel(const QString& why)
{
    if (m_phase == Phase::FinalQuery || m_phase == Phase::Cancelling || m_phase == Phase::Done)
        return;
    m_cancelReason = why;
    TransitionDetails details;
    details.note = why;
    move(OrderState::Cancelling, m_cancelRequested ? EventSource::Cashier : EventSource::Cancel, details);
    m_phase = Phase::FinalQuery;
    m_nextActionMs = nowMs();
    step();
}

void PaymentSession::finishFailed(const Error& error)
{
    TransitionDetails details;
    details.code = error.code();
    details.subCode = error.subCode();
    details.reason = error.message();
    move(OrderState::Failed, EventSource::Gateway, details);
    emit failed(error.message());
    finish();
}

void PaymentSession::finishClosed(EventSource source, const QString& message)
{
    TransitionDetails details;
    details.note = message;
    move(OrderState::Closed, source, details);
    emit failed(message);
    finish();
}

void PaymentSession::finishRefunded(EventSource source, const QString& tradeNo)
{
    // Refunded is reached from Cancelling (or Unknown); an order still waiting gets there through
    // Cancelling, which is what happened at Alipay.
    if (m_order.state != OrderState::Cancelling && m_order.state != OrderState::Unknown) {
        TransitionDetails cancelling;
        cancelling.note = tr("closed at Alipay after a refund");
        move(OrderState::Cancelling, source, cancelling);
    }
    TransitionDetails details;
    details.tradeNo = tradeNo.isEmpty() ? std::optional<QString>() : std::optional<QString>(tradeNo);
    details.refundedAmount = m_order.totalAmount;
    details.note = tr("the customer had paid; the cancel refunded it");
    if (move(OrderState::Refunded, source, details))
        emit refundedOnCancel(m_order);
    finish();
}

void PaymentSession::finishUnknown(const QString& reason)
{
    TransitionDetails details;
    details.reason = reason;
    details.code = m_lastError.code();
    details.subCode = m_lastError.subCode();
    move(OrderState::Unknown, m_resumed ? EventSource::Recovery : EventSource::Cancel, details);
    emit unresolved(reason);
    finish();
}

void PaymentSession::finish()
{
    m_phase = Phase::Done;
    if (!m_order.outTradeNo.isEmpty()) {
        if (auto released = m_store.releaseLease(m_order.outTradeNo, m_context.owner); !released)
            qCWarning(lcPayment).noquote()
                << "lease of" << m_order.outTradeNo << "not released:" << released.error().toString();
    }
    if (m_wake) {
        m_scheduler.cancel(m_wake);
        m_wake = 0;
    }
    if (m_tick) {
        m_scheduler.cancel(m_tick);
        m_tick = 0;
    }
    emit finished();
}

void PaymentSession::noteTrouble(const Error& error)
{
    if (m_trouble)
        return;
    m_trouble = true;
    emit connectionTrouble(error.message());
}

void PaymentSession::noteHealthy()
{
    if (!m_trouble)
        return;
    m_trouble = false;
    emit connectionRecovered();
}

} // namespace counterpay::payment
