// PINs are kept as salted scrypt hashes: known answers from RFC 7914 and from Python's hashlib (an
// independent scrypt), and stored texts we did not write never match.
#include "people/PinHash.h"

#include <QTest>

using namespace counterpay;
using namespace counterpay::people;

class TestPinHash : public QObject
{
    Q_OBJECT

private slots:
    void rfc7914Vector();
    void ourParametersMatchPython();
    void hashRoundTrips();
    void saltIsRandom();
    void tamperedTextsNeverMatch_data();
    void tamperedTextsNeverMatch();
    void pinRules_data();
    void pinRules();
};

// RFC 7914 §12, the second vector.
void TestPinHash::rfc7914Vector()
{
    PinHash::Params params;
    params.n = 1024;
    params.r = 8;
    params.p = 16;
    params.keyBytes = 64;
    auto key = PinHash::scrypt("password", "NaCl", params);
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().toString()));
    QCOMPARE(key->toHex(),
             QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff"
                        "109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
}

// python3 -c "import hashlib; print(hashlib.scrypt(b'739251', salt=bytes(range(16)), n=16384, r=8, p=1,
//             dklen=32, maxmem=64*1024*1024).hex())", in base64.
void TestPinHash::ourParametersMatchPython()
{
    QByteArray salt;
    for (char i = 0; i < 16; ++i)
        salt.append(i);
    auto text = PinHash::hashWithSalt(u"739251", salt);
    QVERIFY(text.ok());
    QCOMPARE(*text,
             QStringLiteral("scrypt$16384$8$1$AAECAwQFBgcICQoLDA0ODw==$icXSfdS5d7feyUJ87fwjny4y6qX4qRsPsByTEE8XSPM="));
    QVERIFY(PinHash::matches(u"739251", *text));
}

void TestPinHash::hashRoundTrips()
{
    auto text = PinHash::hash(u"4096");
    QVERIFY(text.ok());
    QVERIFY(text->startsWith(QStringLiteral("scrypt$16384$8$1$")));
    QVERIFY(!text->contains(QStringLiteral("4096$")));
    QVERIFY(PinHash::matches(u"4096", *text));
    QVERIFY(!PinHash::matches(u"4097", *text));
    QVERIFY(!PinHash::matches(u"40960", *text));
    QVERIFY(!PinHash::matches(u"", *text));
}

void TestPinHash::saltIsRandom()
{
    auto first = PinHash::hash(u"1234");
    auto second = PinHash::hash(u"1234");
    QVERIFY(first.ok() && second.ok());
    QVERIFY(*first != *second);
    QVERIFY(PinHash::matches(u"1234", *second));
}

void TestPinHash::tamperedTextsNeverMatch_data()
{
    QTest::addColumn<QString>("stored");
    const QString salt = QStringLiteral("AAECAwQFBgcICQoLDA0ODw==");
    const QString key = QStringLiteral("icXSfdS5d7feyUJ87fwjny4y6qX4qRsPsByTEE8XSPM=");
    QTest::newRow("empty") << QString();
    QTest::newRow("plain pin") << QStringLiteral("739251");
    QTest::newRow("missing key") << QStringLiteral("scrypt$16384$8$1$%1").arg(salt);
    QTest::newRow("missing cost") << QStringLiteral("scrypt$16384$8$%1$%2").arg(salt, key);
    QTest::newRow("extra part") << QStringLiteral("scrypt$16384$8$1$%1$%2$x").arg(salt, key);
    QTest::newRow("other scheme") << QStringLiteral("pbkdf2$16384$8$1$%1$%2").arg(salt, key);
    QTest::newRow("bad base64 salt") << QStringLiteral("scrypt$16384$8$1$AA*CAwQF$%1").arg(key);
    QTest::newRow("bad base64 key") << QStringLiteral("scrypt$16384$8$1$%1$icXS!dS5").arg(salt);
    QTest::newRow("empty salt") << QStringLiteral("scrypt$16384$8$1$$%1").arg(key);
    QTest::newRow("N=2^40") << QStringLiteral("scrypt$1099511627776$8$1$%1$%2").arg(salt, key);
    QTest::newRow("N not a power of two") << QStringLiteral("scrypt$16383$8$1$%1$%2").arg(salt, key);
    QTest::newRow("N negative") << QStringLiteral("scrypt$-16384$8$1$%1$%2").arg(salt, key);
    QTest::newRow("r huge") << QStringLiteral("scrypt$16384$4000000$1$%1$%2").arg(salt, key);
    QTest::newRow("p huge") << QStringLiteral("scrypt$16384$8$100000$%1$%2").arg(salt, key);
    QTest::newRow("N huge") << QStringLiteral("scrypt$99999999999999999999999$8$1$%1$%2").arg(salt, key);
    QTest::newRow("short key") << QStringLiteral("scrypt$16384$8$1$%1$icXSfdS5").arg(salt);
    QTest::newRow("other key")
        << QStringLiteral("scrypt$16384$8$1$%1$jcXSfdS5d7feyUJ87fwjny4y6qX4qRsPsByTEE8XSPM=").arg(salt);
}

void TestPinHash::tamperedTextsNeverMatch()
{
    QFETCH(QString, stored);
    QVERIFY(!PinHash::matches(u"739251", stored));
}

void TestPinHash::pinRules_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<bool>("fine");
    QTest::newRow("4 digits") << QStringLiteral("0000") << true;
    QTest::newRow("8 digits") << QStringLiteral("12345678") << true;
    QTest::newRow("3 digits") << QStringLiteral("123") << false;
    QTest::newRow("9 digits") << QStringLiteral("123456789") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("letter") << QStringLiteral("12a4") << false;
    QTest::newRow("space") << QStringLiteral("1234 ") << false;
    QTest::newRow("full-width digits") << QStringLiteral("１２３４") << false;
    QTest::newRow("arabic-indic digits") << QStringLiteral("\u0661\u0662\u0663\u0664") << false;
}

void TestPinHash::pinRules()
{
    QFETCH(QString, pin);
    QFETCH(bool, fine);
    const auto problem = PinHash::pinProblem(pin);
    QCOMPARE(!problem.has_value(), fine);
    if (problem)
        QVERIFY(!problem->isEmpty());
}

QTEST_GUILESS_MAIN(TestPinHash)
#include "TestPinHash.moc"
