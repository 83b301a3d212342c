#include "ReceiptSamples.h"
#include "TestSupport.h"

#include "receipt/EscPosReceipt.h"

#include <QDir>
#include <QFile>
#include <QStringDecoder>
#include <QTest>

// The golden files tests/data/receipt/{payment,refund}-{58,80}.bin are the exact bytes sent to the
// printer, and the .txt beside each is what the paper shows (as PaperModel below reads the bytes).
// After a deliberate change of the layout or of ReceiptSamples.h, make them again with
//
//   COUNTERPAY_WRITE_GOLDEN=1 build/tests/unit/test_escpos
//
// then review them byte by byte (`hexdump -C tests/data/receipt/payment-58.bin`) against the ESC/POS
// reference (docs/UI.md, "Receipts") before committing: the init, FS &, ESC a, GS !, GS ( k and GS V
// sequences, and the GB18030 text.

using namespace counterpay;
using counterpay::receipt::EscPosReceipt;
using counterpay::receipt::Receipt;

Q_DECLARE_METATYPE(Receipt)

namespace {

// A small ESC/POS interpreter that knows exactly the commands a receipt may hold: anything else fails
// the test. It gives each printed line with the character size it was printed at, and the QR codes.
struct PaperModel
{
    struct Line
    {
        QByteArray bytes;
        int widthFactor = 1;
        int align = 0;
        bool chinese = false;
    };
    QList<Line> lines;
    QList<QByteArray> qrCodes;
    int qrModule = 0;
    int feeds = 0;
    bool cut = false;
    bool initialised = false;
    QString problem;

    static PaperModel read(const QByteArray& data)
    {
        PaperModel paper;
        QByteArray stored;
        Line line;
        int widthFactor = 1;
        int align = 0;
        bool chinese = false;
        const auto at = [&data](qsizetype i) { return i < data.size() ? uchar(data[i]) : -1; };
        for (qsizetype i = 0; i < data.size() && paper.problem.isEmpty(); ++i) {
            const int byte = uchar(data[i]);
            const int next = at(i + 1);
            if (paper.cut) {
                paper.problem = QStringLiteral("bytes after the cut at %1").arg(i);
            } else if (byte == '\n') {
                line.widthFactor = widthFactor;
                line.align = align;
                paper.lines.append(line);
                line = Line{};
            } else if (byte >= 0x20) {
                if (byte >= 0x80 && !chinese)
                    paper.problem = QStringLiteral("byte %1 outside Chinese mode at %2").arg(byte).arg(i);
                line.bytes += char(byte);
                line.chinese = chinese;
            } else if (!line.bytes.isEmpty()) {
                paper.problem = QStringLiteral("command in the middle of a line at %1").arg(i);
            } else if (byte == 0x1b && next == '@') {
                paper.initialised = i == 0;
                ++i;
            } else if (byte == 0x1c && (next == '&' || next == '.')) {
                chinese = next == '&';
                ++i;
            } else if (byte == 0x1b && next == 'a' && at(i + 2) >= 0 && at(i + 2) <= 2) {
                align = at(i + 2);
                i += 2;
            } else if (byte == 0x1b && next == 'E' && (at(i + 2) == 0 || at(i + 2) == 1)) {
                i += 2;
            } else if (byte == 0x1d && next == '!' && at(i + 2) >= 0) {
                widthFactor = (at(i + 2) >> 4) + 1;
                i += 2;
            } else if (byte == 0x1b && next == 'd' && at(i + 2) >= 0) {
                paper.feeds += at(i + 2);
                i += 2;
            } else if (byte == 0x1d && next == 'V' && at(i + 2) == 66 && at(i + 3) >= 0) {
                paper.cut = true;
                i += 3;
            } else if (byte == 0x1d && next == '(' && at(i + 2) == 'k' && at(i + 4) >= 0) {
                const int length = at(i + 3) + 256 * at(i + 4);
                const QByteArray payload = data.mid(i + 5, length);
                if (payload.size() != length || length < 2 || payload[0] != 49) {
                    paper.problem = QStringLiteral("broken GS ( k at %1").arg(i);
                } else if (payload[1] == 65 && payload == QByteArray("\x31\x41\x32\x00", 4)) {
                    // model 2
                } else if (payload[1] == 67 && length == 3) {
                    paper.qrModule = uchar(payload[2]);
                } else if (payload[1] == 69 && payload == QByteArray("\x31\x45\x31")) {
                    // error correction M
                } else if (payload[1] == 80 && length >= 3 && payload[2] == 48) {
                    stored = payload.mid(3);
                } else if (payload[1] == 81 && payload == QByteArray("\x31\x51\x30")) {
                    paper.qrCodes.append(stored);
                } else {
                    paper.problem = QStringLiteral("unexpected QR function at %1").arg(i);
                }
                i += 4 + length;
            } else {
                paper.problem =
                    QStringLiteral("unknown command byte 0x%1 at %2").arg(byte, 2, 16, QLatin1Char('0')).arg(i);
            }
        }
        if (!line.bytes.isEmpty() && paper.problem.isEmpty())
            paper.problem = QStringLiteral("text left without a line feed");
        return paper;
    }

    static QString decode(const QByteArray& bytes, bool* ok)
    {
        QStringDecoder decoder("GB18030");
        const QString text = decoder.decode(bytes);
        *ok = !decoder.hasError();
        return text;
    }

    // Columns of decoded text: the printer's Font A gives a two-byte GB character two columns.
    static int columnsOf(const QString& text)
    {
        int columns = 0;
        for (QChar c : text)
            columns += c.unicode() < 0x80 ? 1 : 2;
        return columns;
    }

    // The paper as text, lines aligned as the printer aligns them.
    QString toText(int columns) const
    {
        QString out;
        for (const Line& line : lines) {
            bool ok = false;
            const QString text = decode(line.bytes, &ok);
            QString shown;
            for (QChar c : text)
                shown += c + QString((line.widthFactor - 1) * (c.unicode() < 0x80 ? 1 : 2), u' ');
            const int width = columnsOf(text) * line.widthFactor;
            const int pad = line.align == 1 ? (columns - width) / 2 : line.align == 2 ? columns - width : 0;
            if (!text.trimmed().isEmpty())
                out += QString(pad, u' ') + shown;
            out += u'\n';
        }
        for (const QByteArray& qr : qrCodes)
            out += QStringLiteral("[QR %1 dots/module: %2]\n").arg(qrModule).arg(QString::fromLatin1(qr));
        out += QString(feeds, u'\n') + QStringLiteral("[cut]\n");
        return out;
    }
};

QString goldenPath(const QString& name)
{
    return QStringLiteral(COUNTERPAY_TEST_DATA "/receipt/") + name;
}

bool writingGoldens()
{
    return qEnvironmentVariableIsSet("COUNTERPAY_WRITE_GOLDEN");
}

} // namespace

class TestEscPos : public QObject
{
    Q_OBJECT

private slots:
    void commandsAreTheReferenceBytes();
    void goldens_data();
    void goldens();
    void textFitsThePaper_data();
    void textFitsThePaper();
    void printableText();
    void wrapNeverSplitsACharacter();
    void refusesOtherWidths();
};

void TestEscPos::commandsAreTheReferenceBytes()
{
    // Written out from the command reference, not from the code.
    QCOMPARE(EscPosReceipt::initialise(), QByteArray("\x1b\x40"));
    QCOMPARE(EscPosReceipt::chineseMode(true), QByteArray("\x1c\x26"));
    QCOMPARE(EscPosReceipt::chineseMode(false), QByteArray("\x1c\x2e"));
    QCOMPARE(EscPosReceipt::align(1), QByteArray("\x1b\x61\x01"));
    QCOMPARE(EscPosReceipt::align(0), QByteArray("\x1b\x61\x00", 3));
    QCOMPARE(EscPosReceipt::bold(true), QByteArray("\x1b\x45\x01"));
    QCOMPARE(EscPosReceipt::characterSize(2, 2), QByteArray("\x1d\x21\x11"));
    QCOMPARE(EscPosReceipt::characterSize(1, 1), QByteArray("\x1d\x21\x00", 3));
    QCOMPARE(EscPosReceipt::feedLines(3), QByteArray("\x1b\x64\x03"));
    QCOMPARE(EscPosReceipt::cut(), QByteArray("\x1d\x56\x42\x00", 4));
    const QByteArray qr("\x1d\x28\x6b\x04\x00\x31\x41\x32\x00" // model 2
                        "\x1d\x28\x6b\x03\x00\x31\x43\x06"     // module 6 dots
                        "\x1d\x28\x6b\x03\x00\x31\x45\x31"     // error correction M
                        "\x1d\x28\x6b\x05\x00\x31\x50\x30"     // store 2 bytes (+3)
                        "AB"
                        "\x1d\x28\x6b\x03\x00\x31\x51\x30", // print
                        9 + 8 + 8 + 8 + 2 + 8);
    QCOMPARE(EscPosReceipt::qrCode("AB", 6), qr);
    // A length above 255 uses pH.
    const QByteArray store = EscPosReceipt::qrCode(QByteArray(300, 'x'), 8).mid(25, 8);
    QCOMPARE(store, QByteArray("\x1d\x28\x6b\x2f\x01\x31\x50\x30"));
}

void TestEscPos::goldens_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<Receipt>("receipt");
    QTest::addColumn<int>("columns");
    QTest::newRow("payment 58") << QStringLiteral("payment-58") << test::paymentReceipt() << 32;
    QTest::newRow("payment 80") << QStringLiteral("payment-80") << test::paymentReceipt() << 48;
    QTest::newRow("refund 58") << QStringLiteral("refund-58") << test::refundReceipt() << 32;
    QTest::newRow("refund 80") << QStringLiteral("refund-80") << test::refundReceipt() << 48;
}

void TestEscPos::goldens()
{
    QFETCH(QString, name);
    QFETCH(Receipt, receipt);
    QFETCH(int, columns);
    auto rendered = EscPosReceipt::render(receipt, columns);
    QVERIFY2(rendered.ok(), qPrintable(rendered.ok() ? QString() : rendered.error().toString()));
    const PaperModel paper = PaperModel::read(*rendered);
    QVERIFY2(paper.problem.isEmpty(), qPrintable(paper.problem));
    const QByteArray text = paper.toText(columns).toUtf8();

    if (writingGoldens()) {
        QDir().mkpath(goldenPath({}));
        test::writeFile(goldenPath(name + QStringLiteral(".bin")), *rendered);
        test::writeFile(goldenPath(name + QStringLiteral(".txt")), text);
        QSKIP("golden files written; review them before committing");
    }
    const QByteArray golden = test::readFile(goldenPath(name + QStringLiteral(".bin")));
    if (*rendered != golden) {
        const QString actual = QStringLiteral(COUNTERPAY_BINARY_DIR "/") + name + QStringLiteral(".actual.bin");
        test::writeFile(actual, *rendered);
        qsizetype at = 0;
        while (at < golden.size() && at < rendered->size() && golden[at] == rendered->at(at))
            ++at;
        QFAIL(qPrintable(QStringLiteral("%1 differs from the golden file from byte %2 on (%3 vs %4 bytes); see %5")
                             .arg(name)
                             .arg(at)
                             .arg(rendered->size())
                             .arg(golden.size())
                             .arg(actual)));
    }
    QCOMPARE(QString::fromUtf8(text), QString::fromUtf8(test::readFile(goldenPath(name + QStringLiteral(".txt")))));
}

void TestEscPos::textFitsThePaper_data()
{
    QTest::addColumn<Receipt>("receipt");
    QTest::addColumn<int>("columns");
    Receipt longOne = test::refundReceipt();
    longOne.storeTitle = QStringLiteral("幸福小馆（人民路店）Happy Little Kitchen, People's Road, 上海市黄浦区");
    longOne.cashierId = QString(40, u'收');
    longOne.outTradeNo = QString(64, u'9');
    longOne.outRequestNo = QString(61, u'8') + QStringLiteral("-R1");
    longOne.amount = Money::fromFen(Money::kMaxChargeFen);
    longOne.refundAmount = Money::fromFen(Money::kMaxChargeFen);
    for (int columns : {32, 48}) {
        QTest::addRow("payment %d", columns) << test::paymentReceipt() << columns;
        QTest::addRow("refund %d", columns) << test::refundReceipt() << columns;
        QTest::addRow("long values %d", columns) << longOne << columns;
    }
}

void TestEscPos::textFitsThePaper()
{
    QFETCH(Receipt, receipt);
    QFETCH(int, columns);
    auto rendered = EscPosReceipt::render(receipt, columns);
    QVERIFY(rendered.ok());
    const PaperModel paper = PaperModel::read(*rendered);
    QVERIFY2(paper.problem.isEmpty(), qPrintable(paper.problem));
    QVERIFY(paper.initialised);
    QVERIFY(paper.cut);
    QVERIFY(paper.feeds > 0);

    QString all;
    bool doubled = false;
    for (const PaperModel::Line& line : paper.lines) {
        bool ok = false;
        const QString text = PaperModel::decode(line.bytes, &ok);
        QVERIFY2(ok, line.bytes.toHex().constData());
        QVERIFY2(!text.contains(u'\uFFFD'), qPrintable(text));
        const int width = PaperModel::columnsOf(text) * line.widthFactor;
        QVERIFY2(width <= columns, qPrintable(QStringLiteral("%1 columns: %2").arg(width).arg(text)));
        // The printer's own count: one column a byte.
        QVERIFY(line.bytes.size() * line.widthFactor <= columns);
        doubled = doubled || line.widthFactor == 2;
        all += text + u'\n';
    }
    QVERIFY2(doubled, "the amount is printed at double size");

    // Everything the receipt says is on the paper (wrapped values joined again).
    QString joined = all;
    joined.remove(u'\n').remove(u' ');
    for (const auto& section : receipt.fields()) {
        for (const auto& field : section) {
            QVERIFY2(joined.contains(field.label), qPrintable(field.label));
            QString value = EscPosReceipt::printable(field.value);
            QVERIFY2(joined.contains(value.remove(u' ')), qPrintable(field.value));
        }
    }
    QVERIFY(joined.contains(EscPosReceipt::printable(receipt.storeTitle).remove(u' ')));
    QVERIFY(joined.contains(receipt.heading()));
    QCOMPARE(joined.contains(QStringLiteral("【重打印】")), receipt.reprint);
    QVERIFY(all.contains(QStringLiteral("￥")));
    QCOMPARE(paper.qrCodes, QList<QByteArray>{receipt.outTradeNo.toUtf8()});
}

void TestEscPos::printableText()
{
    QCOMPARE(EscPosReceipt::printable(u"¥12.34"), QStringLiteral("￥12.34"));
    QCOMPARE(EscPosReceipt::width(u"¥12.34"), 7);
    QCOMPARE(EscPosReceipt::width(u"支付宝交易号"), 12);
    QCOMPARE(EscPosReceipt::width(u"T1-2026"), 7);
    // No command gets through from the data: ESC, GS, LF, CR, tab become spaces.
    QCOMPARE(EscPosReceipt::printable(u"A\x1b@B\x1d"
                                      u"V\nC\rD\tE"),
             QStringLiteral("A @B V C D E"));
    QCOMPARE(EscPosReceipt::encode(u"小\x1b"
                                   u"d"),
             QByteArray("\xd0\xa1\x20\x64"));
    // GB18030's four-byte codes (emoji, CJK extension B) are not in a receipt printer's font.
    QCOMPARE(EscPosReceipt::printable(QString::fromUtf8("店\xf0\x9f\x98\x80\xf0\xa0\x80\x80")), QStringLiteral("店??"));
    // GBK characters outside GB2312 are kept (two bytes).
    QCOMPARE(EscPosReceipt::encode(u"镕"), QByteArray("\xe9\x46"));
    QCOMPARE(EscPosReceipt::encode(u"支付宝"), QByteArray("\xd6\xa7\xb8\xb6\xb1\xa6"));
    QCOMPARE(EscPosReceipt::encode(u"¥"), QByteArray("\xa3\xa4"));
}

void TestEscPos::wrapNeverSplitsACharacter()
{
    const QString text = QStringLiteral("a门店b") + QString(20, u'号');
    for (int columns : {2, 3, 5, 32}) {
        const QStringList lines = EscPosReceipt::wrap(text, columns);
        QCOMPARE(lines.join(QString()), text);
        for (const QString& line : lines) {
            QVERIFY(EscPosReceipt::width(line) <= columns);
            QVERIFY(!line.isEmpty());
        }
    }
    QCOMPARE(EscPosReceipt::wrap(u"", 32), QStringList{QString()});
    QCOMPARE(EscPosReceipt::wrap(u"号号号", 5), QStringList({QStringLiteral("号号"), QStringLiteral("号")}));
}

void TestEscPos::refusesOtherWidths()
{
    for (int columns : {0, 31, 42, 64}) {
        auto rendered = EscPosReceipt::render(test::paymentReceipt(), columns);
        QVERIFY(!rendered.ok());
        QCOMPARE(rendered.error().category(), Error::Category::Input);
    }
    QCOMPARE(EscPosReceipt::columnsFor(config::ReceiptSettings::Paper::Roll58), 32);
    QCOMPARE(EscPosReceipt::columnsFor(config::ReceiptSettings::Paper::Roll80), 48);
}

QTEST_GUILESS_MAIN(TestEscPos)
#include "TestEscPos.moc"
