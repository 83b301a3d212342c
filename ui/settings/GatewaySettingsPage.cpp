#include "settings/GatewaySettingsPage.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace counterpay::ui {

GatewaySettingsPage::GatewaySettingsPage(QWidget* parent)
    : SettingsPage(parent)
{
    setObjectName(QStringLiteral("gatewaySettingsPage"));
    const QString g = QStringLiteral("gateway");
    m_url = addText(g, QStringLiteral("url"), tr("Gateway address"), {},
                    QStringLiteral("https://openapi.alipay.com/gateway.do"));
    auto* production = new QPushButton(tr("Alipay (real payments)"), this);
    auto* sandbox = new QPushButton(tr("Alipay's sandbox"), this);
    for (QPushButton* button : {production, sandbox})
        button->setAutoDefault(false);
    connect(production, &QPushButton::clicked, this,
            [this] { m_url->setText(QStringLiteral("https://openapi.alipay.com/gateway.do")); });
    connect(sandbox, &QPushButton::clicked, this,
            [this] { m_url->setText(QStringLiteral("https://openapi-sandbox.dl.alipaydev.com/gateway.do")); });
    auto* quick = new QHBoxLayout;
    quick->addWidget(production);
    quick->addWidget(sandbox);
    quick->addStretch(1);
    form()->addRow(QString(), quick);
    addText(g, QStringLiteral("app_id"), tr("App id (APPID)"), {}, QStringLiteral("2021000000000000"));
    addChoice(g, QStringLiteral("sign_mode"), tr("Key mode"),
              {{QStringLiteral("public_key"), tr("Public key (公钥)")},
               {QStringLiteral("certificate"), tr("Certificate (公钥证书)")}},
              QStringLiteral("public_key"));
    addPath(g, QStringLiteral("app_private_key"), tr("App private key"));
    addPath(g, QStringLiteral("alipay_public_key"), tr("Alipay's public key"));
    addPath(g, QStringLiteral("app_cert"), tr("App certificate"));
    addPath(g, QStringLiteral("alipay_cert"), tr("Alipay's certificate"));
    addPath(g, QStringLiteral("alipay_root_cert"), tr("Alipay's root certificate"));
    addPath(g, QStringLiteral("aes_key_file"), tr("Content encryption key (optional)"));
    addText(g, QStringLiteral("notify_url"), tr("Notification address (optional)"), {},
            QStringLiteral("https://shop.example/alipay/notify"));
    addText(g, QStringLiteral("connect_timeout_ms"), tr("Connect timeout (ms)"), QStringLiteral("5000"));
    addText(g, QStringLiteral("timeout_ms"), tr("Answer timeout (ms)"), QStringLiteral("15000"));
}

} // namespace counterpay::ui
