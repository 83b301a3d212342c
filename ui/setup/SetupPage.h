#pragma once

#include "setup/CounterDraft.h"
#include "setup/SetupWizard.h"

#include <QWizardPage>

class QLabel;
class QVBoxLayout;

namespace counterpay::ui {

// What every page of the setup wizard shares: the draft it fills, a line for its problem in plain words,
// and leaving the page only when CounterDraft::check has nothing to say about it.
class SetupPage : public QWizardPage
{
    Q_OBJECT

public:
    SetupPage(SetupWizard::PageId id, QWidget* parent = nullptr);

    // The problem shown on the page, for the person (and tests).
    QString problem() const;
    // The core's messages are written to follow a file name or "Not saved:"; alone under a heading they
    // start with a capital.
    static QString asSentence(const QString& message);
    bool validatePage() override;

protected:
    // Copies the page's fields into the draft.
    virtual void store(setup::CounterDraft& draft) const = 0;
    // A check of the page's own (two PINs that differ, a passphrase typed twice), before the draft's.
    virtual std::optional<QString> ownProblem() const { return std::nullopt; }

    SetupWizard* setupWizard() const;
    QVBoxLayout* body() const { return m_body; }
    void showProblem(const QString& text);

private:
    SetupWizard::PageId m_id;
    QVBoxLayout* m_body = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace counterpay::ui
