#include "alipay/FormCodec.h"

#include <QTest>

using counterpay::Error;
using counterpay::alipay::FormCodec;
using counterpay::alipay::Params;
using namespace Qt::StringLiterals;

class TestFormCodec : public QObject
{
    Q_OBJECT

private slots:
    void decodeAccepted_data();
    void decodeAccepted();
    void decodeRejected_data();
    void decodeRejected();
    void decodesExactlyOnce();
    void encodeEscapesAllButUnreserved();
    void roundTrip_data();
    void roundTrip();
};

void TestFormCodec::decodeAccepted_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QStringList>("values");

    QTest::newRow("two pairs") << QByteArray("a=1&b=2") << QStringList{u"a"_s, u"b"_s} << QStringList{u"1"_s, u"2"_s};
    QTest::newRow("plus is a space") << QByteArray("subject=Iced+tea") << QStringList{u"subject"_s}
                                     << QStringList{u"Iced tea"_s};
    QTest::newRow("percent-encoded UTF-8")
        << QByteArray("s=%E5%92%96%E5%95%A1") << QStringList{u"s"_s} << QStringList{QStringLiteral("咖啡")};
    QTest::newRow("lower-case hex") << QByteArray("s=%e5%92%96") << QStringList{u"s"_s}
                                    << QStringList{QStringLiteral("咖")};
    QTest::newRow("%2B is a plus") << QByteArray("s=A%2BB") << QStringList{u"s"_s} << QStringList{u"A+B"_s};
    QTest::newRow("%252B is a literal %2B") << QByteArray("s=%252B") << QStringList{u"s"_s} << QStringList{u"%2B"_s};
    QTest::newRow("encoded ampersand and equals")
        << QByteArray("s=x%26y%3Dz") << QStringList{u"s"_s} << QStringList{u"x&y=z"_s};
    QTest::newRow("equals inside value") << QByteArray("s=a=b") << QStringList{u"s"_s} << QStringList{u"a=b"_s};
    QTest::newRow("empty value kept") << QByteArray("body=&b=2") << QStringList{u"body"_s, u"b"_s}
                                      << QStringList{QString(), u"2"_s};
    QTest::newRow("name without equals") << QByteArray("flag&b=2") << QStringList{u"flag"_s, u"b"_s}
                                         << QStringList{QString(), u"2"_s};
    QTest::newRow("empty pairs skipped") << QByteArray("&&a=1&") << QStringList{u"a"_s} << QStringList{u"1"_s};
    QTest::newRow("empty body") << QByteArray() << QStringList{} << QStringList{};
    QTest::newRow("encoded name") << QByteArray("out%5Ftrade%5Fno=T1") << QStringList{u"out_trade_no"_s}
                                  << QStringList{u"T1"_s};
    QTest::newRow("JSON text value") << QByteArray("fund_bill_list=%5B%7B%22amount%22%3A%220.10%22%7D%5D")
                                     << QStringList{u"fund_bill_list"_s} << QStringList{uR"([{"amount":"0.10"}])"_s};
    QTest::newRow("escape at the very end") << QByteArray("s=%41") << QStringList{u"s"_s} << QStringList{u"A"_s};
    QTest::newRow("value starting with U+FEFF")
        << QByteArray("s=%EF%BB%BF%E5%92%96&t=%EF%BB%BF") << QStringList{u"s"_s, u"t"_s}
        << QStringList{QString(QChar(0xFEFF)) + QStringLiteral("咖"), QString(QChar(0xFEFF))};
    QTest::newRow("name starting with U+FEFF")
        << QByteArray("%EF%BB%BFs=1") << QStringList{QString(QChar(0xFEFF)) + u"s"_s} << QStringList{u"1"_s};
    QTest::newRow("order kept") << QByteArray("z=1&a=2&m=3") << QStringList{u"z"_s, u"a"_s, u"m"_s}
                                << QStringList{u"1"_s, u"2"_s, u"3"_s};
}

void TestFormCodec::decodeAccepted()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, keys);
    QFETCH(QStringList, values);
    const auto params = FormCodec::decode(body);
    QVERIFY2(params.ok(), qPrintable(params.ok() ? QString() : params.error().toString()));
    QCOMPARE(params->size(), keys.size());
    for (qsizetype i = 0; i < keys.size(); ++i) {
        QCOMPARE(params->entries().at(i).first, keys.at(i));
        QCOMPARE(params->entries().at(i).second, values.at(i));
    }
}

void TestFormCodec::decodeRejected_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("non-hex escape") << QByteArray("s=%G1");
    QTest::newRow("one hex digit at the end") << QByteArray("s=%4");
    QTest::newRow("bare percent at the end") << QByteArray("s=%");
    QTest::newRow("bare percent in the middle") << QByteArray("s=10%+off");
    QTest::newRow("broken escape in a name") << QByteArray("%ZZ=1");
    QTest::newRow("invalid UTF-8 byte") << QByteArray("s=%FF");
    QTest::newRow("overlong UTF-8") << QByteArray("s=%C0%AF");
    QTest::newRow("truncated UTF-8") << QByteArray("s=%E5%92");
    QTest::newRow("GBK bytes") << QByteArray("s=%BF%A7%B7%C8");
    QTest::newRow("UTF-16 surrogate in UTF-8") << QByteArray("s=%ED%A0%80");
    QTest::newRow("duplicate key") << QByteArray("total_amount=88.88&total_amount=0.01");
    QTest::newRow("duplicate key, second encoded") << QByteArray("sign=a&%73ign=b");
    QTest::newRow("duplicate key, empty values") << QByteArray("a=&a=");
    QTest::newRow("value without a name") << QByteArray("=1&a=2");
}

void TestFormCodec::decodeRejected()
{
    QFETCH(QByteArray, body);
    const auto params = FormCodec::decode(body);
    QVERIFY(!params.ok());
    QCOMPARE(params.error().category(), Error::Category::Input);
    QVERIFY(!params.error().message().isEmpty());
}

void TestFormCodec::decodesExactlyOnce()
{
    // The body carries %252B: one decode gives the literal "%2B" that Alipay signed; a second decode
    // (the classic bug) would give "+".
    const auto params = FormCodec::decode("s=%252B%2B+");
    QVERIFY(params.ok());
    QCOMPARE(params->value(u"s"_s), u"%2B+ "_s);
    const auto again = FormCodec::decode(params->value(u"s"_s).toUtf8().prepend("s="));
    QVERIFY(again.ok());
    QVERIFY(again->value(u"s"_s) != params->value(u"s"_s));
}

void TestFormCodec::encodeEscapesAllButUnreserved()
{
    const Params params{{u"a b"_s, u"x+y z&=%/中"_s}, {u"safe"_s, u"AZaz09-._~"_s}};
    QCOMPARE(FormCodec::encode(params), QByteArray("a%20b=x%2By%20z%26%3D%25%2F%E4%B8%AD&safe=AZaz09-._~"));
}

void TestFormCodec::roundTrip_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("empty") << QString();
    QTest::newRow("space and plus") << u"A + B"_s;
    QTest::newRow("literal escape") << u"%2B %25 %"_s;
    QTest::newRow("separators") << u"a=b&c=d"_s;
    QTest::newRow("JSON") << uR"({"k":"v","list":[1,2]})"_s;
    QTest::newRow("Chinese") << QStringLiteral("语雀空间 500人规模");
    QTest::newRow("outside the BMP") << QStringLiteral("\U0001F600 ok");
    QTest::newRow("control characters") << QStringLiteral("line\nbreak\ttab");
    QTest::newRow("leading U+FEFF") << QString(QChar(0xFEFF)) + QStringLiteral("{\"subject\":\"\uFEFF咖啡\"}");
}

void TestFormCodec::roundTrip()
{
    QFETCH(QString, value);
    const Params params{{u"k"_s, value}, {u"sign"_s, u"abc/+="_s}};
    const auto decoded = FormCodec::decode(FormCodec::encode(params));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->entries(), params.entries());
}

QTEST_GUILESS_MAIN(TestFormCodec)
#include "TestFormCodec.moc"
