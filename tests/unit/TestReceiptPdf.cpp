#include "ReceiptSamples.h"
#include "TestSupport.h"

#include "receipt/ReceiptPrinter.h"

#include <QFontDatabase>
#include <QHash>
#include <QRawFont>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using counterpay::receipt::Receipt;
using counterpay::ui::ReceiptPrinter;
using Paper = counterpay::config::ReceiptSettings::Paper;

Q_DECLARE_METATYPE(Receipt)
Q_DECLARE_METATYPE(Paper)

namespace {

QString pdfText(const QString& pdf)
{
    const auto result = test::run(QStringLiteral("pdftotext"),
                                  {QStringLiteral("-enc"), QStringLiteral("UTF-8"), pdf, QStringLiteral("-")});
    return result.exitCode == 0 ? QString::fromUtf8(result.out) : QString();
}

// "Page size:      164.41 x 529.2 pts" -> (164.41, 529.2)
QSizeF pageSizePt(const QString& pdf)
{
    const auto result = test::run(QStringLiteral("pdfinfo"), {pdf});
    static const QRegularExpression line(QStringLiteral("Page size:\\s+([0-9.]+) x ([0-9.]+) pts"));
    const auto match = line.match(QString::fromUtf8(result.out));
    return match.hasMatch() ? QSizeF(match.captured(1).toDouble(), match.captured(2).toDouble()) : QSizeF();
}

constexpr double kPtPerMm = 72 / 25.4;

// Qt 6.4's PDF writer tells a reader which character a glyph stands for by the lowest code point the
// font maps to that glyph (QFontSubset::getReverseMap). Noto CJK draws some ideographs with the glyph
// of their radical look-alike (户 U+6237 and ⼾ U+2F3E, 门 U+95E8 and ⻔ U+2EE8), so a reader extracts
// the radical. This is `text` as such a reader gets it.
QString asQtWritesIt(const QString& text)
{
    static const auto lowest = [] {
        QFont font(ReceiptPrinter::fontFamily());
        font.setStyleStrategy(QFont::PreferNoShaping);
        const QRawFont raw = QRawFont::fromFont(font);
        QString all;
        for (char16_t c = 0x20; c < 0xd800; ++c)
            all += QChar(c);
        for (char16_t c = 0xe000; c != 0; ++c)
            all += QChar(c);
        const QList<quint32> glyphs = raw.glyphIndexesForString(all);
        QHash<quint32, QChar> first;
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (glyphs[i] != 0 && !first.contains(glyphs[i]))
                first.insert(glyphs[i], all[i]);
        }
        return std::make_pair(raw, first);
    }();
    QString out;
    const QList<quint32> glyphs = lowest.first.glyphIndexesForString(text);
    for (qsizetype i = 0; i < text.size(); ++i)
        out += lowest.second.value(glyphs[i], text[i]);
    return out;
}

// The label as drawn, as Qt 6.4 writes it, or as written (a Qt that maps glyphs back right).
bool containsLabel(const QString& pdfText, const QString& label)
{
    return pdfText.contains(label) || pdfText.contains(asQtWritesIt(label));
}

} // namespace

class TestReceiptPdf : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pdfHoldsTheReceiptAsText_data();
    void pdfHoldsTheReceiptAsText();
    void qrCodeReadsBackTheOrderNumber_data();
    void qrCodeReadsBackTheOrderNumber();
    void longValuesStayOnThePage();
    void unwritablePdf();
    void missingSystemPrinter();

private:
    QTemporaryDir m_dir;
};

void TestReceiptPdf::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // fonts-noto-cjk is a dependency (.ci/install-deps); without a CJK font the labels would be boxes.
    QCOMPARE(ReceiptPrinter::fontFamily(), QStringLiteral("Noto Sans CJK SC"));
}

void TestReceiptPdf::pdfHoldsTheReceiptAsText_data()
{
    QTest::addColumn<Receipt>("receipt");
    QTest::addColumn<Paper>("paper");
    QTest::addColumn<double>("widthMm");
    const std::pair<const char*, Paper> papers[] = {{"58", Paper::Roll58}, {"80", Paper::Roll80}, {"a4", Paper::A4}};
    for (const auto& [name, paper] : papers) {
        const double width = paper == Paper::Roll58 ? 58 : paper == Paper::Roll80 ? 80 : 210;
        QTest::addRow("payment %s", name) << test::paymentReceipt() << paper << width;
        QTest::addRow("refund %s", name) << test::refundReceipt() << paper << width;
    }
}

void TestReceiptPdf::pdfHoldsTheReceiptAsText()
{
    QFETCH(Receipt, receipt);
    QFETCH(Paper, paper);
    QFETCH(double, widthMm);
    const QString pdf = m_dir.filePath(QStringLiteral("%1.pdf").arg(QString::fromLatin1(QTest::currentDataTag())));
    auto written = ReceiptPrinter::toPdf(receipt, paper, pdf);
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().toString()));

    const QString text = pdfText(pdf);
    QVERIFY2(!text.isEmpty(), "pdftotext found no text");
    QVERIFY2(text.contains(QStringLiteral("2026011522001412345678901234")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("T1-20260115-000123")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("¥12.34")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("159****5620")));
    QVERIFY(text.contains(QStringLiteral("2026-01-1")));
    for (const QString& label : {QStringLiteral("支付宝交易号"), QStringLiteral("商户订单号"), QStringLiteral("金额"),
                                 QStringLiteral("门店"), receipt.heading()})
        QVERIFY2(containsLabel(text, label), qPrintable(label + u'\n' + text));
    if (receipt.kind == Receipt::Kind::Refund) {
        QVERIFY(text.contains(QStringLiteral("¥5.00")));
        QVERIFY(text.contains(QStringLiteral("T1-20260115-000123-R1")));
        QVERIFY(containsLabel(text, QStringLiteral("【重打印】")));
    }

    // A roll is as wide as the paper and as tall as the receipt; A4 is A4.
    const QSizeF page = pageSizePt(pdf);
    QVERIFY2(qAbs(page.width() - widthMm * kPtPerMm) < 1, qPrintable(QString::number(page.width())));
    if (paper == Paper::A4) {
        QVERIFY(qAbs(page.height() - 297 * kPtPerMm) < 1);
    } else {
        QVERIFY2(page.height() > 80 * kPtPerMm && page.height() < 250 * kPtPerMm,
                 qPrintable(QString::number(page.height() / kPtPerMm)));
    }
}

void TestReceiptPdf::qrCodeReadsBackTheOrderNumber_data()
{
    QTest::addColumn<Paper>("paper");
    QTest::newRow("58") << Paper::Roll58;
    QTest::newRow("80") << Paper::Roll80;
    QTest::newRow("a4") << Paper::A4;
}

void TestReceiptPdf::qrCodeReadsBackTheOrderNumber()
{
    QFETCH(Paper, paper);
    const QString pdf = m_dir.filePath(QStringLiteral("qr.pdf"));
    QVERIFY(ReceiptPrinter::toPdf(test::paymentReceipt(), paper, pdf).ok());
    // A thermal head prints 203 dpi; read the page back at that and decode it independently.
    const QString image = m_dir.filePath(QStringLiteral("qr"));
    const auto raster =
        test::run(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("203"), QStringLiteral("-png"),
                                               QStringLiteral("-singlefile"), pdf, image});
    QCOMPARE(raster.exitCode, 0);
    const auto decoded = test::run(QStringLiteral("zbarimg"),
                                   {QStringLiteral("--raw"), QStringLiteral("-q"), image + QStringLiteral(".png")});
    QCOMPARE(decoded.exitCode, 0);
    QCOMPARE(decoded.out.trimmed(), QByteArray("T1-20260115-000123"));
}

void TestReceiptPdf::longValuesStayOnThePage()
{
    Receipt receipt = test::refundReceipt();
    receipt.storeTitle = QStringLiteral("幸福小馆（人民路店）Happy Little Kitchen, People's Road, 上海市黄浦区");
    receipt.outTradeNo = QString(64, u'9');
    receipt.outRequestNo = QString(61, u'8') + QStringLiteral("-R1");
    const QString pdf = m_dir.filePath(QStringLiteral("long.pdf"));
    QVERIFY(ReceiptPrinter::toPdf(receipt, Paper::Roll58, pdf).ok());
    // Every character of the wrapped values is on the page (pdftotext drops what falls off it).
    QString text = pdfText(pdf);
    text.remove(QRegularExpression(QStringLiteral("\\s")));
    QVERIFY2(text.contains(QString(64, u'9')), qPrintable(text));
    QVERIFY(text.contains(QString(61, u'8') + QStringLiteral("-R1")));
    QVERIFY(text.contains(QStringLiteral("HappyLittleKitchen,People'sRoad")));
}

void TestReceiptPdf::unwritablePdf()
{
    auto written =
        ReceiptPrinter::toPdf(test::paymentReceipt(), Paper::Roll58, QStringLiteral("/nonexistent/folder/receipt.pdf"));
    QVERIFY(!written.ok());
    QCOMPARE(written.error().category(), Error::Category::Storage);
    QVERIFY(written.error().message().contains(QStringLiteral("/nonexistent/folder/receipt.pdf")));
}

void TestReceiptPdf::missingSystemPrinter()
{
    auto printed = ReceiptPrinter::toSystemPrinter(test::paymentReceipt(), Paper::Roll80,
                                                   QStringLiteral("CounterPay_No_Such_Printer"));
    QVERIFY(!printed.ok());
    QCOMPARE(printed.error().message(),
             QStringLiteral("There is no printer named CounterPay_No_Such_Printer on this computer"));
}

QTEST_MAIN(TestReceiptPdf)
#include "TestReceiptPdf.moc"
