#pragma once

#include "setup/SetupPage.h"

class QLabel;
class QLineEdit;
class QRadioButton;

namespace counterpay::ui {

// Where the app's private key is kept once saved: the system keychain when one answers, else a file
// encrypted with a passphrase (typed twice). Never in plain text.
class KeyStoragePage : public SetupPage
{
    Q_OBJECT

public:
    static constexpr int kMinimumPassphrase = 8;

    explicit KeyStoragePage(QWidget* parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;

protected:
    void store(setup::CounterDraft& draft) const override;
    std::optional<QString> ownProblem() const override;

private:
    QRadioButton* m_keychain = nullptr;
    QRadioButton* m_file = nullptr;
    QLabel* m_keychainNote = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_again = nullptr;
};

} // namespace counterpay::ui
