#include "common/Utf8.h"

#include <QJsonObject>
#include <QJsonParseError>
#include <QTest>

using counterpay::Utf8;

namespace {

const QString kBom = QString(QChar(0xFEFF));

} // namespace

// Qt 6.4 drops a U+FEFF that starts what it decodes; signed values must keep it.
class TestUtf8 : public QObject
{
    Q_OBJECT

private slots:
    void keepsLeadingByteOrderMark_data();
    void keepsLeadingByteOrderMark();
    void strictRefusesBrokenText();
    void jsonKeepsByteOrderMarkInStrings();
};

void TestUtf8::keepsLeadingByteOrderMark_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("leading") << QByteArray("\xEF\xBB\xBF"
                                           "abc")
                             << kBom + QStringLiteral("abc");
    QTest::newRow("only") << QByteArray("\xEF\xBB\xBF") << kBom;
    QTest::newRow("two") << QByteArray("\xEF\xBB\xBF\xEF\xBB\xBF") << kBom + kBom;
    QTest::newRow("inside") << QByteArray("a\xEF\xBB\xBF"
                                          "b")
                            << QStringLiteral("a") + kBom + QStringLiteral("b");
    QTest::newRow("chinese") << QByteArray("\xEF\xBB\xBF\xE5\x92\x96") << kBom + QStringLiteral("咖");
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestUtf8::keepsLeadingByteOrderMark()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QCOMPARE(Utf8::decode(bytes), text);
    QCOMPARE(Utf8::decodeStrict(bytes).value_or(QStringLiteral("<refused>")), text);
    QCOMPARE(Utf8::decode(bytes).toUtf8(), bytes);
}

void TestUtf8::strictRefusesBrokenText()
{
    QVERIFY(!Utf8::decodeStrict("\xFF").has_value());
    QVERIFY(!Utf8::decodeStrict("\xEF\xBB").has_value());
    QCOMPARE(Utf8::decode("a\xFF"), QStringLiteral("a\uFFFD"));
}

void TestUtf8::jsonKeepsByteOrderMarkInStrings()
{
    QJsonParseError error;
    const QJsonObject object = Utf8::parseJson("{\"a\":\"\xEF\xBB\xBF"
                                               "x\",\"b\":\"y\xEF\xBB\xBF\",\"\xEF\xBB\xBF"
                                               "k\":\"\\ufeffz\"}",
                                               &error)
                                   .object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(object.value(QLatin1String("a")).toString(), kBom + QStringLiteral("x"));
    QCOMPARE(object.value(QLatin1String("b")).toString(), QStringLiteral("y") + kBom);
    QCOMPARE(object.value(kBom + QStringLiteral("k")).toString(), kBom + QStringLiteral("z"));
    // A byte-order mark before the document is not part of it.
    const QJsonObject marked = Utf8::parseJson("\xEF\xBB\xBF{\"a\":\"\xEF\xBB\xBF\"}", &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(marked.value(QLatin1String("a")).toString(), kBom);
    // Outside a string it is still a syntax error.
    Utf8::parseJson("{\"a\":1,\xEF\xBB\xBF\"b\":2}", &error);
    QVERIFY(error.error != QJsonParseError::NoError);
}

QTEST_GUILESS_MAIN(TestUtf8)
#include "TestUtf8.moc"
