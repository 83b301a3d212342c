#pragma once

#include "common/Result.h"
#include "config/ReceiptSettings.h"
#include "receipt/Receipt.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace counterpay::receipt {
class ReceiptSink;
}

namespace counterpay::ui {

// Where the cashier screen sends receipts: print() returns at once and the configured printer
// ([receipt] printer=pdf|system|escpos) gets the receipt in the background, so printing never holds
// up the sale. Receipts print one at a time, in the order given; each print() is answered by exactly
// one printed() or failed(), never from inside print(). On failed() the screen shows the message with
// a Reprint that calls print() again with the same receipt (or receipt.reprinted() for a later copy).
class ReceiptOutput : public QObject
{
    Q_OBJECT

public:
    // A PDF or a system printer that has not finished after this long is reported as failed (its
    // worker is left to finish on its own), so one stuck print job does not stop the queue.
    static constexpr qint64 kPageJobTimeoutMs = 60'000;

    explicit ReceiptOutput(config::ReceiptSettings settings, QObject* parent = nullptr);
    ~ReceiptOutput() override;

    const config::ReceiptSettings& settings() const { return m_settings; }
    // From the next receipt that starts printing.
    void setSettings(config::ReceiptSettings settings);
    // A printer is configured (printer is not none).
    bool isEnabled() const { return m_settings.printer != config::ReceiptSettings::Printer::None; }
    // Receipts are to be printed as soon as a payment is paid ([receipt] auto_print=true).
    bool autoPrint() const { return isEnabled() && m_settings.autoPrint; }

    void print(const receipt::Receipt& receipt);
    // Receipts given to print() and not yet answered.
    int pendingCount() const { return int(m_queue.size()) + (m_running ? 1 : 0); }

    // The PDF file name for `receipt` in `folder` that does not exist yet: T1-20260115-000123.pdf,
    // T1-20260115-000123-R1.pdf for a refund, -reprint for a reprint, -2, -3 ... when taken.
    static QString pdfPath(const QString& folder, const receipt::Receipt& receipt);

signals:
    // `where`: the PDF file, the printer's name, the device, host:port or file.
    void printed(const counterpay::receipt::Receipt& receipt, const QString& where);
    void failed(const QString& message, const counterpay::receipt::Receipt& receipt);

private:
    void startNext();
    void startEscPos();
    void startPage();
    void finish(quint64 job, const Result<QString>& where);

    config::ReceiptSettings m_settings;
    QList<receipt::Receipt> m_queue;
    receipt::Receipt m_current;
    bool m_running = false;
    quint64 m_job = 0;
    QTimer m_watchdog;
    QPointer<receipt::ReceiptSink> m_sink;
    QPointer<QFutureWatcher<Result<QString>>> m_worker;
};

} // namespace counterpay::ui
