#pragma once

#include "setup/LiveCheck.h"
#include "setup/SetupPage.h"

#include <QPointer>

#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;
class QTextEdit;

namespace counterpay::ui {

// The last page: a signed query to the gateway with the keys as given (setup::LiveCheck), and its verdict
// big and plain: accepted, or the problem and what to do, with Back to fix it and Check again. Finish
// saves; only an accepted check allows it, or, when the gateway could not be reached at all, the
// person's explicit "save anyway".
class LiveCheckPage : public SetupPage
{
    Q_OBJECT

public:
    explicit LiveCheckPage(QWidget* parent = nullptr);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

    // Asks the gateway again.
    void checkAgain();
    const std::optional<setup::LiveCheck::Outcome>& outcome() const { return m_outcome; }
    QString verdictText() const;
    QCheckBox* saveAnyway() const { return m_saveAnyway; }

signals:
    void checkFinished();

protected:
    void store(setup::CounterDraft&) const override {}

private:
    void show(const setup::LiveCheck::Outcome& outcome);
    static QString heading(setup::LiveCheck::Verdict verdict);

    QPointer<setup::LiveCheck> m_check;
    std::optional<setup::LiveCheck::Outcome> m_outcome;
    QLabel* m_verdict = nullptr;
    QTextEdit* m_message = nullptr;
    QPushButton* m_again = nullptr;
    QCheckBox* m_saveAnyway = nullptr;
};

} // namespace counterpay::ui
