#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"
#include "cli/PassphraseReader.h"

#include "alipay/GatewayClient.h"
#include "alipay/TradeFields.h"
#include "alipay/api/BillDownloadUrlQuery.h"
#include "alipay/api/TradeCancel.h"
#include "alipay/api/TradeClose.h"
#include "alipay/api/TradePay.h"
#include "alipay/api/TradePrecreate.h"
#include "alipay/api/TradeQuery.h"
#include "alipay/api/TradeRefund.h"
#include "alipay/api/TradeRefundQuery.h"
#include "common/Utf8.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QRandomGenerator>

#include <optional>

namespace counterpay::cli {

namespace {

using namespace counterpay::alipay;

QString tr(const char* text)
{
    return QCoreApplication::translate("GatewayCommands", text);
}

Result<config::GatewayConfig> gatewayConfig(const Invocation& invocation)
{
    if (invocation.configPath.isEmpty())
        return Error::config(tr("this command talks to a gateway: give --config FILE"));
    return config::GatewayConfig::load(invocation.configPath, Clock::system(),
                                       PassphraseReader(invocation.passphraseFile).prompt());
}

// Sends one call, prints Alipay's answer node and maps the outcome to an exit code. `interpret`
// reads the typed answer; it may print a note and pick a non-zero exit code.
template <typename Call>
int exchange(const config::GatewayConfig& config, const Call& call,
             const std::function<int(const typename Call::Response&)>& interpret)
{
    if (config.isSandbox())
        Console::message(tr("SANDBOX gateway %1: no real money moves").arg(config.gatewayUrl.toDisplayString()));

    QNetworkAccessManager network;
    auto client = config.makeClient(&network);
    std::optional<Result<VerifiedResponse>> answer;
    QEventLoop loop;
    client->send(call.request(), [&](Result<VerifiedResponse> result) {
        answer.emplace(std::move(result));
        loop.quit();
    });
    if (!answer)
        loop.exec();

    if (!answer->ok())
        return report(answer->error());
    const VerifiedResponse& verified = answer->value();
    // Alipay's answer as it came, but for payment codes it may echo (isv.invalid-signature quotes
    // the request it verified).
    const QByteArray node = QJsonDocument(verified.node).toJson(QJsonDocument::Indented).trimmed();
    Console::printLine(TradeFields::maskAuthCodes(Utf8::decode(node)).toUtf8());
    auto typed = call.parse(verified);
    if (!typed)
        return report(typed.error());
    return interpret(*typed);
}

// The same, for a call that needs nothing from the config but the gateway.
template <typename Call>
int exchange(const Invocation& invocation, const Call& call,
             const std::function<int(const typename Call::Response&)>& interpret)
{
    auto config = gatewayConfig(invocation);
    if (!config)
        return report(config.error());
    return exchange<Call>(*config, call, interpret);
}

Result<QString> outTradeNoOption(const CommandLine& line, bool generateIfMissing)
{
    QString value = line.value(QStringLiteral("out-trade-no"));
    if (value.isEmpty() && generateIfMissing) {
        // Scripts that do not number their own orders still get a unique, valid out_trade_no.
        value = QStringLiteral("CLI-%1-%2")
                    .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmsszzz")))
                    .arg(QRandomGenerator::system()->bounded(1000000), 6, 10, QLatin1Char('0'));
    }
    if (value.isEmpty())
        return Error::input(tr("--out-trade-no is required"));
    if (auto ok = TradeFields::checkOutTradeNo(value); !ok)
        return ok.error();
    return value;
}

// What precreate and pay share: what is charged, under which order number, at which till, and the
// gateway it goes to (the config is read once, for both).
struct OrderOptions
{
    config::GatewayConfig gateway;
    Money amount;
    QString outTradeNo;
    QString subject;
    QString storeId;
    QString terminalId;
    QString operatorId;
    QString notifyUrl;

    template <typename Call>
    void fill(Call& call) const
    {
        call.outTradeNo = outTradeNo;
        call.totalAmount = amount;
        call.subject = subject;
        call.storeId = storeId;
        call.terminalId = terminalId;
        call.operatorId = operatorId;
        call.notifyUrl = notifyUrl;
    }
};

void addOrderOptions(CommandLine& line)
{
    line.option(QStringLiteral("amount"), QStringLiteral("YUAN"), tr("amount to charge, e.g. 12.34"));
    line.option(QStringLiteral("subject"), QStringLiteral("TEXT"), tr("order title shown to the customer"));
    line.option(QStringLiteral("out-trade-no"), QStringLiteral("NO"),
                tr("merchant order number (generated if absent)"));
    line.option(QStringLiteral("store-id"), QStringLiteral("ID"), tr("store number (store_id; default: the config's)"));
    line.option(QStringLiteral("terminal-id"), QStringLiteral("ID"),
                tr("terminal number (terminal_id; default: the config's)"));
    line.option(QStringLiteral("operator-id"), QStringLiteral("ID"),
                tr("cashier number (operator_id; default: the config's cashier_id)"));
    line.option(QStringLiteral("notify-url"), QStringLiteral("URL"),
                tr("where Alipay posts the notification (default: the config's notify_url)"));
}

Result<OrderOptions> readOrderOptions(const CommandLine& line, const Invocation& invocation)
{
    OrderOptions order;
    auto amount = line.amount(QStringLiteral("amount"));
    if (!amount)
        return amount.error();
    auto outTradeNo = outTradeNoOption(line, true);
    if (!outTradeNo)
        return outTradeNo.error();
    // What the command line leaves out comes from the counter's settings.
    auto gateway = gatewayConfig(invocation);
    if (!gateway)
        return gateway.error();
    auto counter = config::CounterSettings::load(invocation.configPath, *gateway);
    if (!counter)
        return counter.error();
    auto subject = line.subject(counter->subject);
    if (!subject)
        return subject.error();
    const auto valueOr = [&line](const char* name, const QString& fallback) {
        const QString option = QString::fromLatin1(name);
        return line.isSet(option) ? line.value(option) : fallback;
    };
    order.gateway = std::move(*gateway);
    order.amount = *amount;
    order.outTradeNo = *outTradeNo;
    order.subject = *subject;
    order.storeId = valueOr("store-id", counter->payment.storeId);
    order.terminalId = valueOr("terminal-id", counter->payment.terminalId);
    order.operatorId = valueOr("operator-id", counter->payment.cashierId);
    order.notifyUrl = valueOr("notify-url", counter->payment.notifyUrl);
    return order;
}

// query, cancel and close name one order and nothing else.
Result<QString> parseOrderNumberOnly(CommandLine& line)
{
    line.option(QStringLiteral("out-trade-no"), QStringLiteral("NO"), tr("merchant order number"));
    if (auto parsed = line.parse(); !parsed)
        return parsed.error();
    return outTradeNoOption(line, false);
}

} // namespace

int precreate(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("precreate"), invocation.arguments);
    addOrderOptions(line);
    line.option(QStringLiteral("qr-timeout"), QStringLiteral("EXPR"), tr("QR validity, e.g. 5m (default 2h)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto order = readOrderOptions(line, invocation);
    if (!order)
        return report(order.error());

    TradePrecreate call;
    order->fill(call);
    call.qrCodeTimeoutExpress = line.value(QStringLiteral("qr-timeout"));
    return exchange<TradePrecreate>(order->gateway, call, [](const TradePrecreate::Response& response) {
        Console::message(tr("QR code for the customer to scan: %1").arg(response.qrCode));
        return Ok;
    });
}

int pay(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("pay"), invocation.arguments);
    addOrderOptions(line);
    line.option(QStringLiteral("auth-code"), QStringLiteral("CODE"),
                tr("the customer's payment code (scanned); - reads it from stdin"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto order = readOrderOptions(line, invocation);
    if (!order)
        return report(order.error());
    auto authCode = line.authCode(true);
    if (!authCode)
        return report(authCode.error());

    TradePay call;
    order->fill(call);
    call.authCode = *authCode;
    return exchange<TradePay>(order->gateway, call, [](const TradePay::Response& response) {
        if (response.outcome == TradePay::Response::Outcome::Pending) {
            Console::message(tr("waiting for the customer to confirm on the phone (10003); query %1 until it ends")
                                 .arg(response.outTradeNo));
            return static_cast<int>(UnknownOutcome);
        }
        Console::message(tr("paid: %1 (trade_no %2)").arg(response.totalAmount.toString(), response.tradeNo));
        return static_cast<int>(Ok);
    });
}

int query(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("query"), invocation.arguments);
    auto outTradeNo = parseOrderNumberOnly(line);
    if (!outTradeNo)
        return report(outTradeNo.error());
    return exchange<TradeQuery>(invocation, TradeQuery{*outTradeNo}, [](const TradeQuery::Response& r) {
        Console::message(tr("trade_status %1").arg(r.tradeStatus));
        return Ok;
    });
}

int cancel(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("cancel"), invocation.arguments);
    auto outTradeNo = parseOrderNumberOnly(line);
    if (!outTradeNo)
        return report(outTradeNo.error());
    return exchange<TradeCancel>(invocation, TradeCancel{*outTradeNo}, [](const TradeCancel::Response& r) {
        if (r.refunded())
            Console::message(tr("cancelled: the customer had paid, so Alipay refunded the money (action=refund)"));
        else
            Console::message(tr("cancelled (action=%1)").arg(r.action.isEmpty() ? QStringLiteral("-") : r.action));
        if (r.retry) {
            Console::message(tr("Alipay asks to send the cancel again (retry_flag=Y)"));
            return static_cast<int>(UnknownOutcome);
        }
        return static_cast<int>(Ok);
    });
}

int close(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("close"), invocation.arguments);
    auto outTradeNo = parseOrderNumberOnly(line);
    if (!outTradeNo)
        return report(outTradeNo.error());
    return exchange<TradeClose>(invocation, TradeClose{*outTradeNo}, [](const TradeClose::Response&) {
        Console::message(tr("closed"));
        return Ok;
    });
}

int tradeRefund(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("trade-refund"), invocation.arguments);
    line.option(QStringLiteral("out-trade-no"), QStringLiteral("NO"), tr("merchant order number"));
    line.option(QStringLiteral("refund-amount"), QStringLiteral("YUAN"), tr("amount to refund, e.g. 5.00"));
    line.option(QStringLiteral("out-request-no"), QStringLiteral("NO"),
                tr("refund number; the same number again is the same refund"));
    line.option(QStringLiteral("reason"), QStringLiteral("TEXT"), tr("refund reason"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto outTradeNo = outTradeNoOption(line, false);
    if (!outTradeNo)
        return report(outTradeNo.error());
    auto amount = line.amount(QStringLiteral("refund-amount"));
    if (!amount)
        return report(amount.error());
    auto requestNo = line.required(QStringLiteral("out-request-no"));
    if (!requestNo)
        return report(requestNo.error());
    if (auto ok = TradeFields::checkOutRequestNo(*requestNo); !ok)
        return report(ok.error());

    TradeRefund call;
    call.outTradeNo = *outTradeNo;
    call.refundAmount = *amount;
    call.outRequestNo = *requestNo;
    call.refundReason = line.value(QStringLiteral("reason"));
    return exchange<TradeRefund>(invocation, call, [](const TradeRefund::Response& r) {
        Console::message(
            r.fundChange
                ? tr("refunded; %1 refunded on this order in all").arg(r.refundFee.toString())
                : tr("this refund was already done (fund_change=N); %1 refunded in all").arg(r.refundFee.toString()));
        return Ok;
    });
}

int refundQuery(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("refund-query"), invocation.arguments);
    line.option(QStringLiteral("out-trade-no"), QStringLiteral("NO"), tr("merchant order number"));
    line.option(QStringLiteral("out-request-no"), QStringLiteral("NO"), tr("refund number"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto outTradeNo = outTradeNoOption(line, false);
    if (!outTradeNo)
        return report(outTradeNo.error());
    auto requestNo = line.required(QStringLiteral("out-request-no"));
    if (!requestNo)
        return report(requestNo.error());
    if (auto ok = TradeFields::checkOutRequestNo(*requestNo); !ok)
        return report(ok.error());
    return exchange<TradeRefundQuery>(invocation, TradeRefundQuery{*outTradeNo, *requestNo},
                                      [](const TradeRefundQuery::Response& r) {
                                          if (!r.refunded) {
                                              Console::message(tr("Alipay has no completed refund with that number"));
                                              return static_cast<int>(BusinessRefusal);
                                          }
                                          Console::message(tr("refunded %1").arg(r.refundAmount.toString()));
                                          return static_cast<int>(Ok);
                                      });
}

int billUrl(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("bill-url"), invocation.arguments);
    line.option(QStringLiteral("bill-date"), QStringLiteral("DATE"), tr("yyyy-MM-dd (or yyyy-MM for a month)"));
    line.option(QStringLiteral("bill-type"), QStringLiteral("TYPE"), tr("trade (default) or signcustomer"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto date = line.required(QStringLiteral("bill-date"));
    if (!date)
        return report(date.error());
    if (auto ok = TradeFields::checkBillDate(*date); !ok)
        return report(ok.error());
    BillDownloadUrlQuery call;
    call.billDate = *date;
    if (line.isSet(QStringLiteral("bill-type")))
        call.billType = line.value(QStringLiteral("bill-type"));
    return exchange<BillDownloadUrlQuery>(invocation, call, [](const BillDownloadUrlQuery::Response& r) {
        Console::message(tr("bill download URL (valid about 30 seconds): %1").arg(r.billDownloadUrl));
        return Ok;
    });
}

} // namespace counterpay::cli
