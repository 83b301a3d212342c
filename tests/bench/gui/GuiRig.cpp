#include "GuiRig.h"

#include "cashier/CashierWindow.h"
#include "customer/CustomerDisplay.h"
#include "feedback/Feedback.h"
#include "payment/Till.h"
#include "receipt/ReceiptOutput.h"

#include <QNetworkReply>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

namespace counterpay::bench {

Result<std::unique_ptr<GuiRig>> GuiRig::start(const Options& options)
{
    std::unique_ptr<GuiRig> rig(new GuiRig);
    if (auto ok = rig->setUp(options); !ok)
        return ok.error();
    return rig;
}

GuiRig::~GuiRig()
{
    // The window and the display bind to the till: they go first; the sandbox last.
    m_placer.reset();
    m_customerDisplay.reset();
    m_window.reset();
    m_feedback.reset();
    m_receipts.reset();
    m_notifyServer.reset();
    m_cashierTill.reset();
    m_engineTill.reset();
    m_sandbox.stop();
}

QString GuiRig::writeConfig(const QString& name, const QByteArray& terminal, const QByteArray& database,
                            const QByteArray& extra)
{
    QByteArray text = test::readFile(m_sandbox.configPath());
    text.replace("notify_url=\n", QByteArray("notify_url=" + m_notifyUrl.toUtf8() + '\n'));
    text.replace("database=orders.sqlite", QByteArray("database=" + database));
    const QUrl notify(m_notifyUrl);
    text += "\n[counter]\nterminal_id=" + terminal +
            "\n[payment]\npoll=first=60000,final=60000\n"
            "[notify]\nenabled=true\nlisten=127.0.0.1\nport=" +
            QByteArray::number(notify.port()) + "\npath=" + notify.path().toUtf8() + '\n' + extra;
    const QString path = m_dir.filePath(name);
    test::writeFile(path, text);
    return path;
}

Result<void> GuiRig::setUp(const Options& options)
{
    if (!m_dir.isValid())
        return Error::storage(QStringLiteral("cannot create a scratch folder"));
    if (test::initSandbox(m_dir.path()).exitCode != 0)
        return Error::config(QStringLiteral("counterpay-sandbox init failed"));
    if (!m_sandbox.start(m_dir.path(), {QStringLiteral("--quiet")}))
        return Error::config(QStringLiteral("counterpay-sandbox: ") + m_sandbox.error());

    quint16 port = 0;
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost))
            return Error::config(QStringLiteral("no free loopback port for notifications"));
        port = probe.serverPort();
    }
    m_notifyUrl = QStringLiteral("http://127.0.0.1:%1/alipay/notify").arg(port);
    const QByteArray receipts = "[receipt]\nprinter=pdf\nauto_print=true\npaper=80\npdf_folder=" +
                                m_dir.filePath(QStringLiteral("receipts")).toUtf8() + '\n';
    const QString cashierConfig =
        writeConfig(QStringLiteral("cashier.ini"), "GUIB", "cashier-orders.sqlite", options.receipts ? receipts : "");
    const QString engineConfig = writeConfig(QStringLiteral("engine.ini"), "ENGB", "engine-orders.sqlite", {});

    m_cashierTill = std::make_unique<payment::Till>();
    m_engineTill = std::make_unique<payment::Till>();
    if (auto loaded = m_cashierTill->load(cashierConfig); !loaded)
        return loaded.error();
    if (auto loaded = m_engineTill->load(engineConfig); !loaded)
        return loaded.error();

    const config::GatewayConfig& gateway = m_cashierTill->gatewayConfig();
    m_notifyServer = std::make_unique<notify::NotifyServer>(
        notify::NotifyVerifier(gateway.alipayPublicKey, gateway.appId),
        [this](const notify::Notification& notification) -> Result<notify::NotifyServer::FollowUp> {
            const SteadyClock::time_point arrived = SteadyClock::now();
            const auto drives = [&](payment::Till& till) {
                return till.livePayment() && till.livePayment()->outTradeNo() == notification.outTradeNo;
            };
            payment::Till* till = drives(*m_engineTill)                                         ? m_engineTill.get()
                                  : drives(*m_cashierTill)                                      ? m_cashierTill.get()
                                  : notification.outTradeNo.startsWith(QStringLiteral("ENGB-")) ? m_engineTill.get()
                                                                                                : m_cashierTill.get();
            if (notification.meansPaid()) {
                m_notifiedOrder = notification.outTradeNo;
                m_notifiedAt = arrived;
            }
            return till->acceptNotification(notification);
        });
    QObject::connect(m_notifyServer.get(), &notify::NotifyServer::rejected, m_notifyServer.get(),
                     [this](const QString& reason) {
                         ++m_rejected;
                         qWarning("bench_gui: notification rejected: %s", qPrintable(reason));
                     });
    if (auto bound = m_notifyServer->listen(QHostAddress::LocalHost, port, QStringLiteral("/alipay/notify")); !bound)
        return bound.error();

    // As app/gui/main.cpp does.
    m_feedback = std::make_unique<ui::feedback::Feedback>(m_cashierTill->settings().feedback);
    if (options.receipts)
        m_receipts = std::make_unique<ui::ReceiptOutput>(m_cashierTill->settings().receipt);
    m_window = std::make_unique<ui::CashierWindow>(*m_cashierTill);
    m_window->setReceiptOutput(m_receipts.get());
    ui::feedback::Feedback* feedback = m_feedback.get();
    QObject::connect(m_window.get(), &ui::CashierWindow::paymentPaid, feedback,
                     [feedback](const store::Order& order) { feedback->paid(order); });
    QObject::connect(m_window.get(), &ui::CashierWindow::paymentNotPaid, feedback, &ui::feedback::Feedback::failed);
    QObject::connect(m_cashierTill.get(), &payment::Till::customerScanned, feedback, &ui::feedback::Feedback::scanned);
    m_customerDisplay = std::make_unique<ui::CustomerDisplay>(*m_cashierTill, m_cashierTill->settings().subject);
    m_placer = std::make_unique<ui::CustomerScreenPlacer>(*m_customerDisplay, *m_window,
                                                          m_cashierTill->settings().customerDisplay);
    m_window->resize(1024, 768);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return Error::config(QStringLiteral("the cashier window was not exposed"));
    m_window->activateWindow();
    return {};
}

void GuiRig::customer(const QString& action, const QString& outTradeNo, std::function<void(int)> done)
{
    QNetworkRequest request(m_sandbox.url(QStringLiteral("/sandbox/") + action));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("out_trade_no"), outTradeNo);
    form.addQueryItem(QStringLiteral("app_id"), m_cashierTill->gatewayConfig().appId);
    QNetworkReply* reply = m_phone.post(request, form.toString(QUrl::FullyEncoded).toUtf8());
    QObject::connect(reply, &QNetworkReply::finished, &m_phone, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    });
}

void GuiRig::forgetNotification()
{
    m_notifiedOrder.clear();
    m_notifiedAt = {};
}

} // namespace counterpay::bench
