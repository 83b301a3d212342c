#pragma once

#include "setup/SetupPage.h"

#include <QByteArray>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace counterpay::ui {

// The app's own key pair: made here (RSA 2048) or imported from a PEM file. Its public key is shown as
// the single base64 line Alipay's console asks for, with a Copy button.
class AppKeyPage : public SetupPage
{
    Q_OBJECT

public:
    explicit AppKeyPage(QWidget* parent = nullptr);

    Result<void> generate();
    Result<void> importFile(const QString& path);
    // The public key as shown (the bare base64 line), empty until there is a key.
    QString publicKeyText() const;

    bool isComplete() const override;
    int nextId() const override;

protected:
    void store(setup::CounterDraft& draft) const override;
    std::optional<QString> ownProblem() const override;

private:
    void show(const alipay::PrivateKey& key, const QString& origin);

    QByteArray m_pem;
    QLabel* m_origin = nullptr;
    QPlainTextEdit* m_publicKey = nullptr;
    QPushButton* m_copy = nullptr;
    QLabel* m_copied = nullptr;
};

} // namespace counterpay::ui
