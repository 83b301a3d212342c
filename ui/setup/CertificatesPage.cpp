#include "setup/CertificatesPage.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace counterpay::ui {

namespace {

// A certificate file is small; anything large is the wrong file.
constexpr qint64 kMaxCertificateBytes = qint64{256} * 1024;

QByteArray contents(const QString& path)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly) || file.size() > kMaxCertificateBytes)
        return {};
    return file.readAll();
}

} // namespace

CertificatesPage::CertificatesPage(QWidget* parent)
    : SetupPage(SetupWizard::CertificatesPageId, parent)
{
    setObjectName(QStringLiteral("certificatesPage"));
    setTitle(tr("The three certificates"));
    setSubTitle(tr("Download them together from Alipay's console (开发设置 → 接口加签方式 → 公钥证书)."));
    const std::array<QString, 3> labels{tr("App certificate (appCertPublicKey….crt)"),
                                        tr("Alipay's certificate (alipayCertPublicKey_RSA2.crt)"),
                                        tr("Alipay's root certificate (alipayRootCert.crt)")};
    const std::array<QString, 3> names{QStringLiteral("setupAppCert"), QStringLiteral("setupAlipayCert"),
                                       QStringLiteral("setupAlipayRootCert")};
    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    for (int i = 0; i < 3; ++i) {
        auto* edit = new QLineEdit(this);
        edit->setObjectName(names[i]);
        edit->setAccessibleName(labels[i]);
        auto* browse = new QPushButton(tr("Choose…"), this);
        browse->setAutoDefault(false);
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        row->addWidget(browse);
        form->addRow(labels[i], row);
        m_paths[i] = edit;
        connect(edit, &QLineEdit::textChanged, this, &CertificatesPage::completeChanged);
        connect(browse, &QPushButton::clicked, this, [this, edit, label = labels[i]] {
            const QString path = QFileDialog::getOpenFileName(this, label, QFileInfo(edit->text()).path(),
                                                              tr("Certificates (*.crt *.pem *.cer);;All files (*)"));
            if (!path.isEmpty())
                edit->setText(QDir::toNativeSeparators(path));
        });
    }
    body()->addLayout(form);
    body()->addStretch(1);
    setFocusProxy(m_paths[AppCert]);
}

void CertificatesPage::setPath(Certificate which, const QString& path)
{
    m_paths[which]->setText(path);
}

bool CertificatesPage::isComplete() const
{
    for (QLineEdit* path : m_paths) {
        if (path->text().trimmed().isEmpty())
            return false;
    }
    return true;
}

void CertificatesPage::store(setup::CounterDraft& draft) const
{
    draft.appCertPem = contents(m_paths[AppCert]->text().trimmed());
    draft.alipayCertPem = contents(m_paths[AlipayCert]->text().trimmed());
    draft.alipayRootCertPem = contents(m_paths[AlipayRootCert]->text().trimmed());
}

std::optional<QString> CertificatesPage::ownProblem() const
{
    for (QLineEdit* path : m_paths) {
        if (contents(path->text().trimmed()).isEmpty())
            return tr("Cannot read %1: choose the file again.").arg(path->text().trimmed());
    }
    return std::nullopt;
}

} // namespace counterpay::ui
