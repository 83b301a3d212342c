#include "receipt/ReceiptOutput.h"

#include "receipt/EscPosReceipt.h"
#include "receipt/ReceiptPrinter.h"
#include "receipt/ReceiptSink.h"

#include <QDir>
#include <QFileInfo>
#include <QPromise>
#include <QRegularExpression>
#include <QThreadPool>

#include <memory>

namespace counterpay::ui {

using config::ReceiptSettings;
using receipt::Receipt;

ReceiptOutput::ReceiptOutput(ReceiptSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        finish(m_job,
               Error::network(tr("The printer did not finish the receipt within %1 s").arg(kPageJobTimeoutMs / 1000)));
    });
}

ReceiptOutput::~ReceiptOutput() = default;

void ReceiptOutput::setSettings(ReceiptSettings settings)
{
    m_settings = std::move(settings);
}

void ReceiptOutput::print(const Receipt& receipt)
{
    m_queue.append(receipt);
    if (!m_running)
        QMetaObject::invokeMethod(this, &ReceiptOutput::startNext, Qt::QueuedConnection);
}

void ReceiptOutput::startNext()
{
    if (m_running || m_queue.isEmpty())
        return;
    m_running = true;
    m_current = m_queue.takeFirst();
    ++m_job;
    switch (m_settings.printer) {
    case ReceiptSettings::Printer::None:
        finish(m_job, Error::config(tr("No receipt printer is set up ([receipt] printer in the configuration)")));
        return;
    case ReceiptSettings::Printer::EscPos:
        startEscPos();
        return;
    case ReceiptSettings::Printer::Pdf:
    case ReceiptSettings::Printer::System:
        startPage();
        return;
    }
}

void ReceiptOutput::startEscPos()
{
    const quint64 job = m_job;
    auto bytes = receipt::EscPosReceipt::render(m_current, receipt::EscPosReceipt::columnsFor(m_settings.paper));
    if (!bytes) {
        finish(job, bytes.error());
        return;
    }
    const auto target = receipt::SinkTarget::fromSettings(m_settings);
    m_sink = new receipt::ReceiptSink(target, m_settings.timeoutMs, this);
    connect(m_sink, &receipt::ReceiptSink::written, this, [this, job, name = target.name()] { finish(job, name); });
    connect(m_sink, &receipt::ReceiptSink::failed, this, [this, job](const Error& error) { finish(job, error); });
    m_sink->send(*bytes);
}

void ReceiptOutput::startPage()
{
    const quint64 job = m_job;
    auto promise = std::make_shared<QPromise<Result<QString>>>();
    m_worker = new QFutureWatcher<Result<QString>>(this);
    connect(m_worker, &QFutureWatcher<Result<QString>>::finished, this, [this, job] {
        if (m_worker && m_worker->future().resultCount() > 0)
            finish(job, m_worker->result());
    });
    m_worker->setFuture(promise->future());
    promise->start();
    m_watchdog.start(std::chrono::milliseconds(kPageJobTimeoutMs));

    // Painting a page and handing it to CUPS take from a few to many milliseconds: off this thread.
    QThreadPool::globalInstance()->start([promise, receipt = m_current, settings = m_settings]() {
        const auto work = [&]() -> Result<QString> {
            if (settings.printer == ReceiptSettings::Printer::System) {
                auto printed = ReceiptPrinter::toSystemPrinter(receipt, settings.paper, settings.printerName);
                if (!printed)
                    return printed.error();
                return settings.printerName.isEmpty() ? tr("the default printer") : settings.printerName;
            }
            const QString folder = settings.pdfFolderOrDefault();
            if (!QDir().mkpath(folder))
                return Error::storage(tr("The receipt folder %1 cannot be made").arg(folder));
            const QString path = pdfPath(folder, receipt);
            auto written = ReceiptPrinter::toPdf(receipt, settings.paper, path);
            if (!written)
                return written.error();
            return path;
        };
        promise->addResult(work());
        promise->finish();
    });
}

void ReceiptOutput::finish(quint64 job, const Result<QString>& where)
{
    if (!m_running || job != m_job)
        return; // a late answer of a job already given up on
    m_watchdog.stop();
    m_running = false;
    if (m_sink)
        m_sink->deleteLater();
    m_sink = nullptr;
    if (m_worker) {
        // Not deleted here: this may run inside its finished() signal.
        m_worker->disconnect(this);
        m_worker->deleteLater();
    }
    m_worker = nullptr;
    const Receipt receipt = m_current;
    if (!m_queue.isEmpty())
        QMetaObject::invokeMethod(this, &ReceiptOutput::startNext, Qt::QueuedConnection);
    if (where)
        emit printed(receipt, *where);
    else
        emit failed(where.error().message(), receipt);
}

QString ReceiptOutput::pdfPath(const QString& folder, const Receipt& receipt)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9_-]"));
    QString base = receipt.outTradeNo;
    if (receipt.kind == Receipt::Kind::Refund)
        base = receipt.outRequestNo.startsWith(receipt.outTradeNo) ? receipt.outRequestNo
                                                                   : base + u'_' + receipt.outRequestNo;
    base.replace(unsafe, QStringLiteral("_"));
    if (base.isEmpty())
        base = QStringLiteral("receipt");
    if (receipt.reprint)
        base += QStringLiteral("-reprint");
    const QDir dir(folder);
    QString path = dir.filePath(base + QStringLiteral(".pdf"));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.filePath(base + u'-' + QString::number(n) + QStringLiteral(".pdf"));
    return path;
}

} // namespace counterpay::ui
