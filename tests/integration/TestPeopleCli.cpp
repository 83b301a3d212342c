// counterpay-cli's people and the manager's approval of refunds, as a script would use them: real
// processes, PINs only ever in files (never on the command line), exit codes of DESIGN.md §6.
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using counterpay::test::ProcessResult;

namespace {

constexpr int kUsage = 2;
constexpr int kNotAuthorised = 10;

} // namespace

class TestPeopleCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void firstPersonMustBeAManagerAndNeedsNoApproval();
    void laterPeopleNeedAManager();
    void listShowsRolesAndLocks();
    void pinFileReadableByOthersIsWarnedAbout();
    void setPinNeedsTheCurrentPinOrAManager();
    void removeNeedsAManager();
    void refundInASingleUserShopNeedsNoPin();
    void refundWithoutAManagerIsRefused();
    void refundWithAWrongPinIsRefused();
    void fiveWrongPinsLockEvenTheRightOne();
    void closeDayNeedsAManagerAndHappensOnce();

private:
    ProcessResult cli(const QStringList& arguments, const QByteArray& input = {});
    QString pinFile(const QByteArray& lines);
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QString m_config;
    int m_files = 0;
};

ProcessResult TestPeopleCli::cli(const QStringList& arguments, const QByteArray& input)
{
    return counterpay::test::run(QStringLiteral(COUNTERPAY_CLI),
                                 QStringList{QStringLiteral("--config"), m_config} + arguments, input, m_dir.path());
}

QString TestPeopleCli::pinFile(const QByteArray& lines)
{
    const QString file = path(QStringLiteral("pin-%1.txt").arg(++m_files));
    counterpay::test::writeFile(file, lines);
    QFile(file).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return file;
}

void TestPeopleCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    counterpay::test::makeKeyPair(m_dir.path(), QStringLiteral("app"));
    counterpay::test::makeKeyPair(m_dir.path(), QStringLiteral("alipay"));
}

// Each test its own order book (and config): a fresh shop without people.
void TestPeopleCli::init()
{
    static int books = 0;
    ++books;
    m_config = path(QStringLiteral("counter-%1.ini").arg(books));
    counterpay::test::writeFile(m_config, QStringLiteral("[gateway]\nurl=http://127.0.0.1:9/gateway.do\n"
                                                         "app_id=9021000000000001\n"
                                                         "app_private_key=app_private_key.pem\n"
                                                         "alipay_public_key=alipay_public_key.pem\n"
                                                         "connect_timeout_ms=1000\ntimeout_ms=1000\n"
                                                         "[counter]\ndatabase=%1\n")
                                              .arg(path(QStringLiteral("orders-%1.sqlite").arg(books)))
                                              .toUtf8());
}

void TestPeopleCli::firstPersonMustBeAManagerAndNeedsNoApproval()
{
    auto cashier =
        cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王芳"), QStringLiteral("--role"),
             QStringLiteral("cashier"), QStringLiteral("--pin-file"), pinFile("1234\n")});
    QCOMPARE(cashier.exitCode, kUsage);
    QVERIFY2(cashier.err.contains("must be a manager"), cashier.err.constData());

    auto manager =
        cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
             QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251\n")});
    QVERIFY2(manager.exitCode == 0, manager.err.constData());
    QVERIFY(!manager.err.contains("739251"));
    QVERIFY(!manager.out.contains("739251"));

    // A PIN that breaks the rules is refused, and the line break of the file is not part of the PIN.
    auto shortPin = cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("李四"),
                         QStringLiteral("--role"), QStringLiteral("cashier"), QStringLiteral("--manager"),
                         QStringLiteral("王经理"), QStringLiteral("--pin-file"), pinFile("739251\n12\n")});
    QCOMPARE(shortPin.exitCode, kUsage);
}

void TestPeopleCli::laterPeopleNeedAManager()
{
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
                  QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251")})
                 .exitCode,
             0);
    const QStringList addCashier{QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王芳"),
                                 QStringLiteral("--role"), QStringLiteral("cashier")};
    auto unapproved = cli(addCashier + QStringList{QStringLiteral("--pin-file"), pinFile("1234\n")});
    QCOMPARE(unapproved.exitCode, kUsage);
    QVERIFY2(unapproved.err.contains("--manager"), unapproved.err.constData());

    auto wrongPin = cli(addCashier + QStringList{QStringLiteral("--manager"), QStringLiteral("王经理"),
                                                 QStringLiteral("--pin-file"), pinFile("000000\n1234\n")});
    QCOMPARE(wrongPin.exitCode, kNotAuthorised);
    QVERIFY2(wrongPin.err.contains("Wrong PIN for 王经理; 4 tries left"), wrongPin.err.constData());

    // The manager's PIN first, then the new person's.
    auto approved = cli(addCashier + QStringList{QStringLiteral("--manager"), QStringLiteral("王经理"),
                                                 QStringLiteral("--pin-file"), pinFile("739251\n1234\n")});
    QVERIFY2(approved.exitCode == 0, approved.err.constData());

    // A cashier cannot approve.
    auto byCashier = cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("李四"),
                          QStringLiteral("--role"), QStringLiteral("cashier"), QStringLiteral("--manager"),
                          QStringLiteral("王芳"), QStringLiteral("--pin-file"), pinFile("1234\n5678\n")});
    QCOMPARE(byCashier.exitCode, kNotAuthorised);
    QVERIFY2(byCashier.err.contains("王芳 is a cashier"), byCashier.err.constData());

    // The same name twice is refused.
    auto again = cli(addCashier + QStringList{QStringLiteral("--manager"), QStringLiteral("王经理"),
                                              QStringLiteral("--pin-file"), pinFile("739251\n4321\n")});
    QCOMPARE(again.exitCode, kUsage);
}

void TestPeopleCli::listShowsRolesAndLocks()
{
    auto none = cli({QStringLiteral("people"), QStringLiteral("list")});
    QCOMPARE(none.exitCode, 0);
    QVERIFY(none.out.trimmed().isEmpty());
    QVERIFY(none.err.contains("single-user"));

    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
                  QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251\n")})
                 .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王芳"), QStringLiteral("--role"),
                  QStringLiteral("cashier"), QStringLiteral("--manager"), QStringLiteral("王经理"),
                  QStringLiteral("--pin-file"), pinFile("739251\n1234\n")})
                 .exitCode,
             0);
    // Lock 王芳: five wrong current PINs.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("set-pin"), QStringLiteral("王芳"),
                      QStringLiteral("--pin-file"), pinFile("9999\n5555\n")})
                     .exitCode,
                 kNotAuthorised);

    auto text = cli({QStringLiteral("people"), QStringLiteral("list")});
    QCOMPARE(text.exitCode, 0);
    const QList<QByteArray> lines = text.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.contains("王经理\tmanager"), text.out.constData());
    QVERIFY2(std::any_of(lines.begin(), lines.end(),
                         [](const QByteArray& line) { return line.startsWith("王芳\tcashier\tlocked until "); }),
             text.out.constData());

    auto json =
        cli({QStringLiteral("people"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray array = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(array.size(), 2);
    for (const QJsonValue& value : array) {
        const QJsonObject person = value.toObject();
        if (person.value(u"name").toString() == u"王芳") {
            QCOMPARE(person.value(u"role").toString(), QStringLiteral("cashier"));
            QVERIFY(person.value(u"locked_until").toString().endsWith(QStringLiteral("+08:00")));
        } else {
            QCOMPARE(person.value(u"role").toString(), QStringLiteral("manager"));
            QVERIFY(person.value(u"locked_until").isNull());
        }
    }
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("xml")})
                 .exitCode,
             kUsage);
}

void TestPeopleCli::pinFileReadableByOthersIsWarnedAbout()
{
    const QString file = path(QStringLiteral("open-pin.txt"));
    counterpay::test::writeFile(file, "739251\n");
    QFile(file).setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    auto added = cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"),
                      QStringLiteral("--role"), QStringLiteral("manager"), QStringLiteral("--pin-file"), file});
    QCOMPARE(added.exitCode, 0);
    QVERIFY2(added.err.contains("chmod 600"), added.err.constData());
    auto quiet = cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("李经理"),
                      QStringLiteral("--role"), QStringLiteral("manager"), QStringLiteral("--manager"),
                      QStringLiteral("王经理"), QStringLiteral("--pin-file"), pinFile("739251\n2468\n")});
    QCOMPARE(quiet.exitCode, 0);
    QVERIFY(!quiet.err.contains("chmod"));
    // `-` reads the PINs from standard input.
    auto fromStdin = cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王芳"),
                          QStringLiteral("--role"), QStringLiteral("cashier"), QStringLiteral("--manager"),
                          QStringLiteral("李经理"), QStringLiteral("--pin-file"), QStringLiteral("-")},
                         "2468\n1234\n");
    QVERIFY2(fromStdin.exitCode == 0, fromStdin.err.constData());
}

void TestPeopleCli::setPinNeedsTheCurrentPinOrAManager()
{
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
                  QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251\n")})
                 .exitCode,
             0);
    const QStringList setPin{QStringLiteral("people"), QStringLiteral("set-pin"), QStringLiteral("王经理")};
    QCOMPARE(cli(setPin + QStringList{QStringLiteral("--pin-file"), pinFile("111111\n24680\n")}).exitCode,
             kNotAuthorised);
    QCOMPARE(cli(setPin + QStringList{QStringLiteral("--pin-file"), pinFile("739251\n24680\n")}).exitCode, 0);
    // The old PIN no longer approves; the new one does.
    QCOMPARE(cli(setPin + QStringList{QStringLiteral("--pin-file"), pinFile("739251\n13579\n")}).exitCode,
             kNotAuthorised);
    QCOMPARE(cli(setPin + QStringList{QStringLiteral("--manager"), QStringLiteral("王经理"),
                                      QStringLiteral("--pin-file"), pinFile("24680\n13579\n")})
                 .exitCode,
             0);
}

void TestPeopleCli::removeNeedsAManager()
{
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
                  QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251\n")})
                 .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王芳"), QStringLiteral("--role"),
                  QStringLiteral("cashier"), QStringLiteral("--manager"), QStringLiteral("王经理"),
                  QStringLiteral("--pin-file"), pinFile("739251\n1234\n")})
                 .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("remove"), QStringLiteral("王芳")}).exitCode, kUsage);
    auto last =
        cli({QStringLiteral("people"), QStringLiteral("remove"), QStringLiteral("王经理"), QStringLiteral("--manager"),
             QStringLiteral("王经理"), QStringLiteral("--pin-file"), pinFile("739251\n")});
    QCOMPARE(last.exitCode, kUsage);
    QVERIFY2(last.err.contains("last manager"), last.err.constData());
    QCOMPARE(
        cli({QStringLiteral("people"), QStringLiteral("remove"), QStringLiteral("王芳"), QStringLiteral("--manager"),
             QStringLiteral("王经理"), QStringLiteral("--pin-file"), pinFile("739251\n")})
            .exitCode,
        0);
    auto list = cli({QStringLiteral("people"), QStringLiteral("list")});
    QVERIFY(!list.out.contains("王芳"));
}

// Without people nothing asks for a PIN: the refund goes on to the order book (which has no such
// order) as it did before there were people.
void TestPeopleCli::refundInASingleUserShopNeedsNoPin()
{
    auto refund =
        cli({QStringLiteral("refund"), QStringLiteral("--out-trade-no"), QStringLiteral("T1-20261126-000001"),
             QStringLiteral("--amount"), QStringLiteral("1.00"), QStringLiteral("--by"), QStringLiteral("manager-1")});
    QVERIFY(refund.exitCode != kNotAuthorised);
    QVERIFY2(refund.err.contains("T1-20261126-000001"), refund.err.constData());
    QVERIFY(!refund.err.contains("--manager"));
}

void TestPeopleCli::refundWithoutAManagerIsRefused()
{
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
                  QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251\n")})
                 .exitCode,
             0);
    const QStringList refund{QStringLiteral("refund"), QStringLiteral("--out-trade-no"),
                             QStringLiteral("T1-20261126-000001"), QStringLiteral("--amount"), QStringLiteral("1.00")};
    auto bare = cli(refund);
    QCOMPARE(bare.exitCode, kUsage);
    QVERIFY2(bare.err.contains("--manager"), bare.err.constData());
    // A free-text --by is no approval once the shop has people.
    auto byName = cli(refund + QStringList{QStringLiteral("--by"), QStringLiteral("王经理")});
    QCOMPARE(byName.exitCode, kUsage);
    auto unknown = cli(refund + QStringList{QStringLiteral("--manager"), QStringLiteral("张伟"),
                                            QStringLiteral("--pin-file"), pinFile("739251\n")});
    QCOMPARE(unknown.exitCode, kUsage);
    QVERIFY2(unknown.err.contains("Nobody called 张伟 works here"), unknown.err.constData());
    // The right PIN gets past the approval to the order book, which has no such order.
    auto approved = cli(refund + QStringList{QStringLiteral("--manager"), QStringLiteral("王经理"),
                                             QStringLiteral("--pin-file"), pinFile("739251\n")});
    QVERIFY(approved.exitCode != kUsage && approved.exitCode != kNotAuthorised && approved.exitCode != 0);
    QVERIFY2(approved.err.contains("no order T1-20261126-000001"), approved.err.constData());
}

void TestPeopleCli::refundWithAWrongPinIsRefused()
{
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
                  QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251\n")})
                 .exitCode,
             0);
    auto wrong = cli({QStringLiteral("refund"), QStringLiteral("--out-trade-no"), QStringLiteral("T1-20261126-000001"),
                      QStringLiteral("--amount"), QStringLiteral("1.00"), QStringLiteral("--manager"),
                      QStringLiteral("王经理"), QStringLiteral("--pin-file"), pinFile("739250\n")});
    QCOMPARE(wrong.exitCode, kNotAuthorised);
    QVERIFY2(wrong.err.contains("Wrong PIN for 王经理; 4 tries left"), wrong.err.constData());
    QVERIFY(!wrong.err.contains("739250"));
}

void TestPeopleCli::fiveWrongPinsLockEvenTheRightOne()
{
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
                  QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251\n")})
                 .exitCode,
             0);
    const QStringList refund{
        QStringLiteral("refund"),   QStringLiteral("--out-trade-no"), QStringLiteral("T1-20261126-000001"),
        QStringLiteral("--amount"), QStringLiteral("1.00"),           QStringLiteral("--manager"),
        QStringLiteral("王经理")};
    const QString wrong = pinFile("000000\n");
    for (int i = 1; i <= 4; ++i) {
        auto refused = cli(refund + QStringList{QStringLiteral("--pin-file"), wrong});
        QCOMPARE(refused.exitCode, kNotAuthorised);
        QVERIFY2(refused.err.contains(QStringLiteral("%1 tries left").arg(5 - i).toUtf8()), refused.err.constData());
    }
    auto fifth = cli(refund + QStringList{QStringLiteral("--pin-file"), wrong});
    QCOMPARE(fifth.exitCode, kNotAuthorised);
    QVERIFY2(fifth.err.contains("locked until"), fifth.err.constData());

    auto right = cli(refund + QStringList{QStringLiteral("--pin-file"), pinFile("739251\n")});
    QCOMPARE(right.exitCode, kNotAuthorised);
    QVERIFY2(right.err.contains("王经理 is locked until"), right.err.constData());
    QVERIFY(!right.err.contains("no order"));
}

void TestPeopleCli::closeDayNeedsAManagerAndHappensOnce()
{
    QCOMPARE(cli({QStringLiteral("people"), QStringLiteral("add"), QStringLiteral("王经理"), QStringLiteral("--role"),
                  QStringLiteral("manager"), QStringLiteral("--pin-file"), pinFile("739251\n")})
                 .exitCode,
             0);
    const QStringList close{QStringLiteral("close-day"), QStringLiteral("--date"), QStringLiteral("2026-11-26")};
    QCOMPARE(cli(close).exitCode, kUsage);
    auto wrong = cli(close + QStringList{QStringLiteral("--manager"), QStringLiteral("王经理"),
                                         QStringLiteral("--pin-file"), pinFile("000000\n")});
    QCOMPARE(wrong.exitCode, kNotAuthorised);
    auto closed = cli(close + QStringList{QStringLiteral("--manager"), QStringLiteral("王经理"),
                                          QStringLiteral("--pin-file"), pinFile("739251\n")});
    QCOMPARE(closed.exitCode, 0);
    QVERIFY2(closed.err.contains("business day 2026-11-26 closed by 王经理"), closed.err.constData());
    auto again = cli(close + QStringList{QStringLiteral("--manager"), QStringLiteral("王经理"),
                                         QStringLiteral("--pin-file"), pinFile("739251\n")});
    QCOMPARE(again.exitCode, kUsage);
    QVERIFY2(again.err.contains("closed"), again.err.constData());
}

QTEST_GUILESS_MAIN(TestPeopleCli)
#include "TestPeopleCli.moc"
