#include "ReceiptSamples.h"
#include "TestSupport.h"

#include "receipt/EscPosReceipt.h"
#include "receipt/ReceiptOutput.h"

#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using counterpay::config::ReceiptSettings;
using counterpay::receipt::EscPosReceipt;
using counterpay::receipt::Receipt;
using counterpay::ui::ReceiptOutput;

namespace {

// Every answer of an output, in order.
struct Answers
{
    struct Answer
    {
        bool printed;
        QString outTradeNo;
        bool reprint;
        QString text; // where, or the message
    };
    QList<Answer> list;

    void watch(ReceiptOutput& output)
    {
        QObject::connect(&output, &ReceiptOutput::printed, &output, [this](const Receipt& r, const QString& where) {
            list.append({true, r.outTradeNo, r.reprint, where});
        });
        QObject::connect(&output, &ReceiptOutput::failed, &output, [this](const QString& message, const Receipt& r) {
            list.append({false, r.outTradeNo, r.reprint, message});
        });
    }
};

// A network printer on loopback keeping each connection's bytes.
class Printer : public QTcpServer
{
public:
    Printer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                const qsizetype index = jobs.size();
                jobs.append(QByteArray());
                connect(socket, &QTcpSocket::readyRead, this,
                        [this, socket, index] { jobs[index] += socket->readAll(); });
                connect(socket, &QTcpSocket::disconnected, this, [this] { ++closed; });
            }
        });
    }
    QList<QByteArray> jobs;
    int closed = 0;
};

} // namespace

class TestReceiptOutput : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pdfFiles();
    void escposToANetworkPrinterInOrder();
    void escposToAFile();
    void failureDoesNotStopTheQueue();
    void noPrinter();
    void missingSystemPrinter();
    void pdfNames();

private:
    QTemporaryDir m_dir;
};

void TestReceiptOutput::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestReceiptOutput::pdfFiles()
{
    ReceiptSettings settings;
    settings.printer = ReceiptSettings::Printer::Pdf;
    settings.paper = ReceiptSettings::Paper::Roll80;
    settings.pdfFolder = m_dir.filePath(QStringLiteral("pdf/receipts")); // made when missing
    ReceiptOutput output(settings);
    Answers answers;
    answers.watch(output);
    output.print(test::paymentReceipt());
    output.print(test::paymentReceipt());
    output.print(test::refundReceipt());
    QCOMPARE(answers.list.size(), 0); // never from inside print()
    QCOMPARE(output.pendingCount(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(answers.list.size(), 3, 20'000);
    QCOMPARE(output.pendingCount(), 0);
    const QString folder = settings.pdfFolder + u'/';
    QStringList files;
    for (const auto& answer : answers.list) {
        QVERIFY2(answer.printed, qPrintable(answer.text));
        files.append(answer.text);
    }
    QCOMPARE(files, QStringList({folder + QStringLiteral("T1-20260115-000123.pdf"),
                                 folder + QStringLiteral("T1-20260115-000123-2.pdf"),
                                 folder + QStringLiteral("T1-20260115-000123-R1-reprint.pdf")}));
    const auto text = test::run(QStringLiteral("pdftotext"), {files.last(), QStringLiteral("-")});
    QVERIFY(text.out.contains("2026011522001412345678901234"));
    QVERIFY(text.out.contains("T1-20260115-000123-R1"));
}

void TestReceiptOutput::escposToANetworkPrinterInOrder()
{
    Printer printer;
    QVERIFY(printer.listen(QHostAddress::LocalHost));
    ReceiptSettings settings;
    settings.printer = ReceiptSettings::Printer::EscPos;
    settings.paper = ReceiptSettings::Paper::Roll58;
    settings.target = ReceiptSettings::EscPosTarget::Network;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = printer.serverPort();
    ReceiptOutput output(settings);
    QVERIFY(output.isEnabled());
    QVERIFY(!output.autoPrint());
    Answers answers;
    answers.watch(output);
    const Receipt payment = test::paymentReceipt();
    const Receipt refund = test::refundReceipt();
    output.print(payment);
    output.print(refund);
    output.print(payment.reprinted());
    QTRY_COMPARE_WITH_TIMEOUT(answers.list.size(), 3, 10'000);
    QTRY_COMPARE(printer.closed, 3);
    for (const auto& answer : answers.list) {
        QVERIFY2(answer.printed, qPrintable(answer.text));
        QCOMPARE(answer.text, QStringLiteral("127.0.0.1:%1").arg(printer.serverPort()));
    }
    QCOMPARE(answers.list[1].outTradeNo, refund.outTradeNo);
    QVERIFY(answers.list[2].reprint);
    // One connection a receipt, one after the other, each the exact job (the golden file's bytes).
    QCOMPARE(printer.jobs.size(), 3);
    QCOMPARE(printer.jobs[0], test::readFile(QStringLiteral(COUNTERPAY_TEST_DATA "/receipt/payment-58.bin")));
    QCOMPARE(printer.jobs[1], test::readFile(QStringLiteral(COUNTERPAY_TEST_DATA "/receipt/refund-58.bin")));
    QCOMPARE(printer.jobs[2], *EscPosReceipt::render(payment.reprinted(), 32));
}

void TestReceiptOutput::escposToAFile()
{
    ReceiptSettings settings;
    settings.printer = ReceiptSettings::Printer::EscPos;
    settings.paper = ReceiptSettings::Paper::Roll80;
    settings.target = ReceiptSettings::EscPosTarget::File;
    settings.file = m_dir.filePath(QStringLiteral("receipt.bin"));
    ReceiptOutput output(settings);
    Answers answers;
    answers.watch(output);
    output.print(test::paymentReceipt());
    QTRY_COMPARE(answers.list.size(), 1);
    QVERIFY(answers.list[0].printed);
    QCOMPARE(answers.list[0].text, settings.file);
    QCOMPARE(test::readFile(settings.file),
             test::readFile(QStringLiteral(COUNTERPAY_TEST_DATA "/receipt/payment-80.bin")));
}

void TestReceiptOutput::failureDoesNotStopTheQueue()
{
    ReceiptSettings settings;
    settings.printer = ReceiptSettings::Printer::EscPos;
    settings.target = ReceiptSettings::EscPosTarget::Device;
    settings.device = QStringLiteral("/nonexistent/usb/lp0");
    ReceiptOutput output(settings);
    Answers answers;
    answers.watch(output);
    output.print(test::paymentReceipt());
    QTRY_COMPARE(answers.list.size(), 1);
    QVERIFY(!answers.list[0].printed);
    QCOMPARE(answers.list[0].text,
             QStringLiteral("The printer /nonexistent/usb/lp0 cannot be reached: No such file or directory"));
    QCOMPARE(answers.list[0].outTradeNo, QStringLiteral("T1-20260115-000123"));

    // The cashier fixes the printer and presses Reprint; and a receipt queued behind a failure prints.
    settings.target = ReceiptSettings::EscPosTarget::File;
    settings.file = m_dir.filePath(QStringLiteral("after-failure.bin"));
    output.setSettings(settings);
    output.print(test::paymentReceipt());
    QTRY_COMPARE(answers.list.size(), 2);
    QVERIFY(answers.list[1].printed);
    QVERIFY(QFileInfo::exists(settings.file));

    settings.target = ReceiptSettings::EscPosTarget::Device;
    output.setSettings(settings);
    output.print(test::paymentReceipt());
    output.print(test::refundReceipt());
    QTRY_COMPARE(answers.list.size(), 4);
    QVERIFY(!answers.list[2].printed);
    QVERIFY(!answers.list[3].printed);
    QCOMPARE(answers.list[3].outTradeNo, test::refundReceipt().outTradeNo);
}

void TestReceiptOutput::noPrinter()
{
    ReceiptSettings settings;
    settings.autoPrint = true;
    ReceiptOutput output(settings);
    QVERIFY(!output.isEnabled());
    QVERIFY(!output.autoPrint()); // nothing to print on
    Answers answers;
    answers.watch(output);
    output.print(test::paymentReceipt());
    QCOMPARE(answers.list.size(), 0);
    QTRY_COMPARE(answers.list.size(), 1);
    QVERIFY(!answers.list[0].printed);
    QVERIFY(answers.list[0].text.contains(QStringLiteral("No receipt printer is set up")));
}

void TestReceiptOutput::missingSystemPrinter()
{
    ReceiptSettings settings;
    settings.printer = ReceiptSettings::Printer::System;
    settings.printerName = QStringLiteral("CounterPay_No_Such_Printer");
    ReceiptOutput output(settings);
    Answers answers;
    answers.watch(output);
    output.print(test::paymentReceipt());
    QTRY_COMPARE_WITH_TIMEOUT(answers.list.size(), 1, 10'000);
    QVERIFY(!answers.list[0].printed);
    QVERIFY2(answers.list[0].text.contains(QStringLiteral("CounterPay_No_Such_Printer")),
             qPrintable(answers.list[0].text));
}

void TestReceiptOutput::pdfNames()
{
    const QString folder = m_dir.filePath(QStringLiteral("names"));
    QVERIFY(QDir().mkpath(folder));
    Receipt receipt = test::paymentReceipt();
    QCOMPARE(ReceiptOutput::pdfPath(folder, receipt), folder + QStringLiteral("/T1-20260115-000123.pdf"));
    QCOMPARE(ReceiptOutput::pdfPath(folder, receipt.reprinted()),
             folder + QStringLiteral("/T1-20260115-000123-reprint.pdf"));
    receipt.outTradeNo = QStringLiteral("../../etc/x y");
    QCOMPARE(ReceiptOutput::pdfPath(folder, receipt), folder + QStringLiteral("/______etc_x_y.pdf"));
    Receipt refund = test::refundReceipt();
    refund.reprint = false;
    refund.outRequestNo = QStringLiteral("R9");
    QCOMPARE(ReceiptOutput::pdfPath(folder, refund), folder + QStringLiteral("/T1-20260115-000123_R9.pdf"));
}

QTEST_MAIN(TestReceiptOutput)
#include "TestReceiptOutput.moc"
