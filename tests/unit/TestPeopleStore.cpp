// The people of the order book: names, roles, PINs kept only as hashes, and the lockout after five
// wrong PINs in a row (on a manual clock).
#include "people/PeopleStore.h"
#include "store/OrderStore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using namespace counterpay::people;

class TestPeopleStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void emptyBookIsSingleUser();
    void addFindListRemove();
    void badNamesAndPinsAreRefused_data();
    void badNamesAndPinsAreRefused();
    void duplicateNameRefused();
    void onlyTheFirstNeedsNoApproval();
    void removedNameCanBeGivenAgain();
    void lastManagerCannotBeRemoved();
    void rightPinResetsTheCount();
    void fiveWrongPinsLockForFifteenMinutes();
    void unknownNameIsSaidSo();
    void countsSurviveReopening();
    void setPinLiftsTheLock();
    void onlyAManagerAuthorises();
    void pinNeverReachesTheFile();

private:
    void open();
    QString path() const { return m_dir->filePath(QStringLiteral("orders.sqlite")); }
    PeopleStore& people() { return *m_people; }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<store::OrderStore> m_store;
    std::unique_ptr<PeopleStore> m_people;
};

void TestPeopleStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    // 04:00 UTC is 12:00 in China.
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 26), QTime(4, 0), QTimeZone::utc()));
    open();
}

void TestPeopleStore::open()
{
    m_people.reset();
    m_store.reset();
    auto opened = store::OrderStore::open(path(), *m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
    m_store = std::move(*opened);
    m_people = std::make_unique<PeopleStore>(m_store->connection(), *m_clock);
}

void TestPeopleStore::cleanup()
{
    m_people.reset();
    m_store.reset();
    m_dir.reset();
}

void TestPeopleStore::emptyBookIsSingleUser()
{
    auto empty = people().isEmpty();
    QVERIFY(empty.ok());
    QVERIFY(*empty);
    QVERIFY(people().add(QStringLiteral("王经理"), Person::Role::Manager, u"739251").ok());
    QVERIFY(!*people().isEmpty());
}

void TestPeopleStore::addFindListRemove()
{
    auto added = people().add(QStringLiteral("王经理"), Person::Role::Manager, u"739251");
    QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().toString()));
    QVERIFY(added->id > 0);
    QCOMPARE(added->createdAt, m_clock->now());
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Cashier, u"1234").ok());

    auto found = people().find(QStringLiteral("王芳"));
    QVERIFY(found.ok() && found->has_value());
    QCOMPARE((*found)->role, Person::Role::Cashier);
    QCOMPARE((*found)->failedPins, 0);
    QVERIFY(!(*found)->lockedUntil.isValid());
    QCOMPARE((*found)->createdAt, m_clock->now());

    auto list = people().list();
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 2);

    QVERIFY(people().remove(QStringLiteral("王芳")).ok());
    QVERIFY(!people().find(QStringLiteral("王芳"))->has_value());
    QCOMPARE(people().list()->size(), 1);
    QCOMPARE(people().list()->constFirst().name, QStringLiteral("王经理"));
    // The removed cannot log in, and cannot be removed twice.
    QVERIFY(!people().verify(QStringLiteral("王芳"), u"1234").ok());
    QVERIFY(!people().remove(QStringLiteral("王芳")).ok());
}

void TestPeopleStore::badNamesAndPinsAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("pin");
    QTest::newRow("empty name") << QString() << QStringLiteral("1234");
    QTest::newRow("blank name") << QStringLiteral("  ") << QStringLiteral("1234");
    QTest::newRow("33 characters") << QString(33, u'芳') << QStringLiteral("1234");
    QTest::newRow("newline") << QStringLiteral("王\n芳") << QStringLiteral("1234");
    QTest::newRow("tab") << QStringLiteral("王\t芳") << QStringLiteral("1234");
    QTest::newRow("short pin") << QStringLiteral("王芳") << QStringLiteral("123");
    QTest::newRow("long pin") << QStringLiteral("王芳") << QStringLiteral("123456789");
    QTest::newRow("letters") << QStringLiteral("王芳") << QStringLiteral("abcd");
}

void TestPeopleStore::badNamesAndPinsAreRefused()
{
    QFETCH(QString, name);
    QFETCH(QString, pin);
    auto added = people().add(name, Person::Role::Manager, pin);
    QVERIFY(!added.ok());
    QCOMPARE(added.error().category(), Error::Category::Input);
    QVERIFY(*people().isEmpty());
    // 32 characters are fine.
    QVERIFY(people().add(QString(32, u'芳'), Person::Role::Manager, u"1234").ok());
}

void TestPeopleStore::duplicateNameRefused()
{
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Manager, u"1234").ok());
    auto again = people().add(QStringLiteral("王芳"), Person::Role::Cashier, u"5678");
    QVERIFY(!again.ok());
    QCOMPARE(again.error().category(), Error::Category::Input);
    // The first keeps their role and PIN.
    QCOMPARE((*people().find(QStringLiteral("王芳")))->role, Person::Role::Manager);
    QVERIFY(people().verify(QStringLiteral("王芳"), u"1234").ok());
}

void TestPeopleStore::onlyTheFirstNeedsNoApproval()
{
    auto first = people().addFirstManager(QStringLiteral("王经理"), u"739251");
    QVERIFY(first.ok());
    QCOMPARE(first->role, Person::Role::Manager);
    auto second = people().addFirstManager(QStringLiteral("李经理"), u"2468");
    QVERIFY(!second.ok());
    QCOMPARE(second.error().category(), Error::Category::Permission);
    QVERIFY(!people().find(QStringLiteral("李经理"))->has_value());
}

void TestPeopleStore::removedNameCanBeGivenAgain()
{
    QVERIFY(people().add(QStringLiteral("王经理"), Person::Role::Manager, u"739251").ok());
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Cashier, u"1234").ok());
    QVERIFY(people().remove(QStringLiteral("王芳")).ok());
    m_clock->advanceMs(60'000);
    auto again = people().add(QStringLiteral("王芳"), Person::Role::Manager, u"5678");
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().toString()));
    QCOMPARE(again->createdAt, m_clock->now());
    QVERIFY(!people().verify(QStringLiteral("王芳"), u"1234").ok());
    auto verified = people().verify(QStringLiteral("王芳"), u"5678");
    QVERIFY(verified.ok());
    QCOMPARE(verified->role, Person::Role::Manager);
}

void TestPeopleStore::lastManagerCannotBeRemoved()
{
    QVERIFY(people().add(QStringLiteral("王经理"), Person::Role::Manager, u"739251").ok());
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Cashier, u"1234").ok());
    auto refused = people().remove(QStringLiteral("王经理"));
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message().contains(QStringLiteral("last manager")));
    QVERIFY(people().find(QStringLiteral("王经理"))->has_value());

    QVERIFY(people().add(QStringLiteral("李经理"), Person::Role::Manager, u"2468").ok());
    QVERIFY(people().remove(QStringLiteral("王经理")).ok());
    QVERIFY(!people().remove(QStringLiteral("李经理")).ok());
}

void TestPeopleStore::rightPinResetsTheCount()
{
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Manager, u"1234").ok());
    for (int i = 0; i < 4; ++i) {
        auto wrong = people().verify(QStringLiteral("王芳"), u"0000");
        QVERIFY(!wrong.ok());
        QVERIFY(PeopleStore::isWrongPin(wrong.error()));
        QVERIFY(!PeopleStore::isLocked(wrong.error()));
        QCOMPARE(wrong.error().category(), Error::Category::Input);
        QCOMPARE(wrong.error().message(), QStringLiteral("Wrong PIN for 王芳; %1 tries left").arg(4 - i));
    }
    QCOMPARE((*people().find(QStringLiteral("王芳")))->failedPins, 4);
    auto right = people().verify(QStringLiteral("王芳"), u"1234");
    QVERIFY(right.ok());
    QCOMPARE(right->failedPins, 0);
    QCOMPARE((*people().find(QStringLiteral("王芳")))->failedPins, 0);
    // Four more wrong ones do not lock: the count started again.
    for (int i = 0; i < 4; ++i)
        QVERIFY(PeopleStore::isWrongPin(people().verify(QStringLiteral("王芳"), u"0000").error()));
    QVERIFY(people().verify(QStringLiteral("王芳"), u"1234").ok());
}

void TestPeopleStore::fiveWrongPinsLockForFifteenMinutes()
{
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Manager, u"1234").ok());
    for (int i = 0; i < 4; ++i)
        QVERIFY(PeopleStore::isWrongPin(people().verify(QStringLiteral("王芳"), u"0000").error()));
    m_clock->advanceMs(1000);
    const QDateTime fifth = m_clock->now();
    auto locking = people().verify(QStringLiteral("王芳"), u"0000");
    QVERIFY(!locking.ok());
    QVERIFY(PeopleStore::isWrongPin(locking.error()));
    QVERIFY(PeopleStore::isLocked(locking.error()));
    // 04:00:01 UTC + 15 min is 12:15 in China.
    QVERIFY2(locking.error().message().contains(QStringLiteral("locked until 12:15")),
             qPrintable(locking.error().message()));
    QCOMPARE((*people().find(QStringLiteral("王芳")))->lockedUntil, fifth.addMSecs(PeopleStore::kLockoutMs));

    // While locked, the right PIN is refused too, and the lock is not extended.
    m_clock->advanceMs(10 * 60 * 1000);
    for (const char16_t* pin : {u"1234", u"0000"}) {
        auto refused = people().verify(QStringLiteral("王芳"), pin);
        QVERIFY(!refused.ok());
        QVERIFY(PeopleStore::isLocked(refused.error()));
        QVERIFY(!PeopleStore::isWrongPin(refused.error()));
        QCOMPARE(refused.error().message(), QStringLiteral("王芳 is locked until 12:15 after 5 wrong PINs"));
    }
    QCOMPARE((*people().find(QStringLiteral("王芳")))->lockedUntil, fifth.addMSecs(PeopleStore::kLockoutMs));

    m_clock->set(fifth.addMSecs(PeopleStore::kLockoutMs - 1));
    QVERIFY(PeopleStore::isLocked(people().verify(QStringLiteral("王芳"), u"1234").error()));
    m_clock->set(fifth.addMSecs(PeopleStore::kLockoutMs));
    auto unlocked = people().verify(QStringLiteral("王芳"), u"1234");
    QVERIFY2(unlocked.ok(), qPrintable(unlocked.ok() ? QString() : unlocked.error().toString()));
    auto after = *people().find(QStringLiteral("王芳"));
    QCOMPARE(after->failedPins, 0);
    QVERIFY(!after->lockedUntil.isValid());
}

void TestPeopleStore::unknownNameIsSaidSo()
{
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Manager, u"1234").ok());
    auto unknown = people().verify(QStringLiteral("张伟"), u"1234");
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().message(), QStringLiteral("Nobody called 张伟 works here"));
    QVERIFY(!PeopleStore::isWrongPin(unknown.error()));
    QVERIFY(!PeopleStore::isLocked(unknown.error()));
}

void TestPeopleStore::countsSurviveReopening()
{
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Manager, u"1234").ok());
    for (int i = 0; i < 3; ++i)
        QVERIFY(!people().verify(QStringLiteral("王芳"), u"9999").ok());
    open();
    QCOMPARE((*people().find(QStringLiteral("王芳")))->failedPins, 3);
    QVERIFY(!PeopleStore::isLocked(people().verify(QStringLiteral("王芳"), u"9999").error()));
    QVERIFY(PeopleStore::isLocked(people().verify(QStringLiteral("王芳"), u"9999").error()));
    open();
    QVERIFY(PeopleStore::isLocked(people().verify(QStringLiteral("王芳"), u"1234").error()));
}

void TestPeopleStore::setPinLiftsTheLock()
{
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Manager, u"1234").ok());
    for (int i = 0; i < PeopleStore::kMaxWrongPins; ++i)
        QVERIFY(!people().verify(QStringLiteral("王芳"), u"9999").ok());
    QVERIFY(!people().setPin(QStringLiteral("王芳"), u"12").ok());
    QVERIFY(people().setPin(QStringLiteral("王芳"), u"24680").ok());
    QVERIFY(!people().verify(QStringLiteral("王芳"), u"1234").ok());
    QVERIFY(people().verify(QStringLiteral("王芳"), u"24680").ok());
    QVERIFY(!people().setPin(QStringLiteral("张伟"), u"24680").ok());
}

void TestPeopleStore::onlyAManagerAuthorises()
{
    QVERIFY(people().add(QStringLiteral("王经理"), Person::Role::Manager, u"739251").ok());
    QVERIFY(people().add(QStringLiteral("王芳"), Person::Role::Cashier, u"1234").ok());
    auto manager = people().authoriseManager(QStringLiteral("王经理"), u"739251");
    QVERIFY(manager.ok());
    QCOMPARE(manager->name, QStringLiteral("王经理"));
    auto cashier = people().authoriseManager(QStringLiteral("王芳"), u"1234");
    QVERIFY(!cashier.ok());
    QVERIFY(PeopleStore::isNotManager(cashier.error()));
    QCOMPARE(cashier.error().message(), QStringLiteral("王芳 is a cashier; a manager must approve this"));
    auto wrong = people().authoriseManager(QStringLiteral("王经理"), u"739250");
    QVERIFY(!wrong.ok());
    QVERIFY(PeopleStore::isWrongPin(wrong.error()));
}

void TestPeopleStore::pinNeverReachesTheFile()
{
    QVERIFY(people().add(QStringLiteral("王经理"), Person::Role::Manager, u"739251").ok());
    QVERIFY(!people().verify(QStringLiteral("王经理"), u"826473").ok());
    QVERIFY(people().verify(QStringLiteral("王经理"), u"739251").ok());
    QVERIFY(people().setPin(QStringLiteral("王经理"), u"551234").ok());
    const auto fileBytes = [this] {
        QByteArray all;
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-journal")}) {
            QFile file(path() + suffix);
            if (file.open(QIODevice::ReadOnly))
                all += file.readAll();
        }
        return all;
    };
    const auto check = [](const QByteArray& bytes) {
        QVERIFY(bytes.contains("王经理")); // the name is there, so the search is looking at the right bytes
        for (const char* pin : {"739251", "826473", "551234"}) {
            QVERIFY2(!bytes.contains(pin), pin);
            const QString wide = QString::fromLatin1(pin);
            QVERIFY2(!bytes.contains(QByteArray(reinterpret_cast<const char*>(wide.utf16()), wide.size() * 2)), pin);
        }
    };
    check(fileBytes());
    m_people.reset();
    m_store.reset();
    check(fileBytes());
}

QTEST_GUILESS_MAIN(TestPeopleStore)
#include "TestPeopleStore.moc"
