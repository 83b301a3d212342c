#include "common/Clock.h"
#include "store/OrderStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::store;

namespace {

const QDate kDay(2026, 11, 26);

template <typename T>
T must(Result<T> result, const char* what)
{
    if (!result.ok())
        qFatal("%s failed: %s", what, qPrintable(result.error().toString()));
    return std::move(result).value();
}

NewOrder newOrder(const QString& outTradeNo)
{
    NewOrder order;
    order.outTradeNo = outTradeNo;
    order.appId = QStringLiteral("2021000122671234");
    order.totalAmount = Money::fromFen(100);
    order.subject = QStringLiteral("Tea");
    order.terminalId = QStringLiteral("T01");
    return order;
}

// In a child process: take `count` numbers for T01 and record an order for each, printing the numbers.
int childCharge(const QString& path, int count)
{
    auto opened = OrderStore::open(path);
    if (!opened.ok()) {
        QTextStream(stderr) << opened.error().toString() << "\n";
        return 2;
    }
    QTextStream out(stdout);
    for (int i = 0; i < count; ++i) {
        auto number = (*opened)->nextOutTradeNo(QStringLiteral("T01"), kDay);
        if (!number.ok()) {
            QTextStream(stderr) << number.error().toString() << "\n";
            return 3;
        }
        auto created = (*opened)->create(newOrder(*number));
        if (!created.ok()) {
            QTextStream(stderr) << created.error().toString() << "\n";
            return 4;
        }
        out << *number << "\n";
    }
    return 0;
}

// In a child process: charge and pay orders until killed, printing each commit as it returns.
int childChurn(const QString& path)
{
    auto opened = OrderStore::open(path);
    if (!opened.ok())
        return 2;
    OrderStore& store = **opened;
    QTextStream out(stdout);
    for (;;) {
        auto number = store.nextOutTradeNo(QStringLiteral("T01"), kDay);
        if (!number.ok() || !store.create(newOrder(*number)).ok())
            return 3;
        out << "created " << *number << Qt::endl;
        TransitionDetails shown;
        shown.qrCode = QStringLiteral("https://qr.alipay.com/") + *number;
        if (!store.transition(*number, OrderState::AwaitingScan, EventSource::Cashier, shown).ok() ||
            !store.transition(*number, OrderState::Paid, EventSource::Query, {}).ok())
            return 4;
        out << "paid " << *number << Qt::endl;
    }
}

} // namespace

class TestOrderStoreConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void twoStoresInterleaveNumbers();
    void twoStoresSeeEachOther();
    void childProcessesShareTheFile();
    void killedMidFlowLosesNothing();
    void simultaneousFirstOpen();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("orders.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestOrderStoreConcurrency::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestOrderStoreConcurrency::cleanup()
{
    m_dir.reset();
    QVERIFY(QSqlDatabase::connectionNames().isEmpty());
}

void TestOrderStoreConcurrency::twoStoresInterleaveNumbers()
{
    auto a = must(OrderStore::open(dbPath()), "open a");
    auto b = must(OrderStore::open(dbPath()), "open b");
    QStringList numbers;
    for (int i = 0; i < 150; ++i) {
        OrderStore& store = (i % 3 == 1) ? *b : *a;
        numbers << must(store.nextOutTradeNo(QStringLiteral("T01"), kDay), "number");
    }
    for (int i = 0; i < numbers.size(); ++i)
        QCOMPARE(numbers[i], QStringLiteral("T01-20261126-%1").arg(i + 1, 6, 10, QChar(u'0')));
}

void TestOrderStoreConcurrency::twoStoresSeeEachOther()
{
    ManualClock clock(QDateTime(kDay, QTime(2, 0), Qt::UTC));
    auto a = must(OrderStore::open(dbPath(), clock), "open a");
    auto b = must(OrderStore::open(dbPath(), clock), "open b");
    const QString no = must(a->nextOutTradeNo(QStringLiteral("T01"), kDay), "number");
    must(a->create(newOrder(no)), "create");
    QCOMPARE((*must(b->find(no), "find")).state, OrderState::Created);
    // Same order from both: the second one fails cleanly instead of overwriting.
    QCOMPARE(b->create(newOrder(no)).error().category(), Error::Category::Storage);

    // Store b resolves it; store a, still thinking it is waiting, cannot move it backwards.
    must(b->transition(no, OrderState::Paid, EventSource::Notify, {}), "pay");
    const auto stale = a->transition(no, OrderState::AwaitingPayment, EventSource::Query, {});
    QVERIFY(!stale.ok());
    QVERIFY(OrderStore::isIllegalTransition(stale.error()));
    QCOMPARE((*must(a->find(no), "find")).state, OrderState::Paid);
    QCOMPARE(must(a->events(no), "events").size(), 2);
    QVERIFY(must(a->unresolved(), "unresolved").isEmpty());
}

void TestOrderStoreConcurrency::childProcessesShareTheFile()
{
    constexpr int kChildren = 4;
    constexpr int kEach = 60;
    // Create the file first so that the children race on numbers, not on the first migration.
    auto parent = must(OrderStore::open(dbPath()), "open");

    std::vector<std::unique_ptr<QProcess>> children;
    for (int i = 0; i < kChildren; ++i) {
        auto child = std::make_unique<QProcess>();
        child->start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--child-charge"), dbPath(), QString::number(kEach)});
        QVERIFY(child->waitForStarted(10000));
        children.push_back(std::move(child));
    }
    QStringList numbers;
    for (int i = 0; i < kEach; ++i) {
        const QString number = must(parent->nextOutTradeNo(QStringLiteral("T01"), kDay), "number");
        must(parent->create(newOrder(number)), "create");
        numbers << number;
    }
    for (auto& child : children) {
        QVERIFY(child->waitForFinished(120000));
        const QByteArray errors = child->readAllStandardError();
        QVERIFY2(child->exitStatus() == QProcess::NormalExit && child->exitCode() == 0, errors.constData());
        const QString out = QString::fromUtf8(child->readAllStandardOutput());
        const QStringList lines = out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), kEach);
        numbers += lines;
    }

    // Every number handed out once, with no gap: 1 .. 300.
    constexpr int kTotal = (kChildren + 1) * kEach;
    QCOMPARE(numbers.size(), kTotal);
    const QSet<QString> unique(numbers.cbegin(), numbers.cend());
    QCOMPARE(unique.size(), kTotal);
    for (int i = 1; i <= kTotal; ++i)
        QVERIFY(unique.contains(QStringLiteral("T01-20261126-%1").arg(i, 6, 10, QChar(u'0'))));

    const auto orders = must(parent->list(), "list");
    QCOMPARE(orders.size(), kTotal);
    for (const Order& order : orders)
        QCOMPARE(must(parent->events(order.outTradeNo), "events").size(), 1);
    QCOMPARE(must(parent->unresolved(), "unresolved").size(), kTotal);
    parent.reset();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("PRAGMA integrity_check")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("ok"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

// kill -9 at an arbitrary point of a stream of charges: every commit reported before the kill is
// there, nothing is half-written, and the next start carries on.
void TestOrderStoreConcurrency::killedMidFlowLosesNothing()
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child-churn"), dbPath()});
    QVERIFY(child.waitForStarted(10000));
    QByteArray output;
    QElapsedTimer waited;
    waited.start();
    while (output.count('\n') < 40 && waited.elapsed() < 20000) {
        child.waitForReadyRead(200);
        output += child.readAllStandardOutput();
    }
    child.kill(); // SIGKILL: no destructor, no close, no checkpoint
    QVERIFY(child.waitForFinished(10000));
    output += child.readAllStandardOutput();
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    QSet<QString> created;
    QSet<QString> paid;
    for (const QByteArray& line : output.split('\n')) {
        if (line.startsWith("created "))
            created.insert(QString::fromUtf8(line.mid(8)));
        else if (line.startsWith("paid "))
            paid.insert(QString::fromUtf8(line.mid(5)));
    }
    QVERIFY2(created.size() >= 20, output.constData());

    auto store = must(OrderStore::open(dbPath()), "reopen");
    for (const QString& no : created)
        QVERIFY2(must(store->find(no), "find").has_value(), qPrintable(no));
    for (const QString& no : paid)
        QCOMPARE((*must(store->find(no), "find")).state, OrderState::Paid);
    const auto orders = must(store->list(), "list");
    QVERIFY(orders.size() >= created.size());
    QVERIFY(orders.size() <= created.size() + 1); // at most the one being created at the kill
    for (const Order& order : orders) {
        // The order row and its events moved together.
        const auto events = must(store->events(order.outTradeNo), "events");
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.last().to, order.state);
        const int expected = order.state == OrderState::Created ? 1 : order.state == OrderState::AwaitingScan ? 2 : 3;
        QCOMPARE(int(events.size()), expected);
        QCOMPARE(order.qrCode.isEmpty(), order.state == OrderState::Created);
    }
    // Numbering carries on after the last number handed out.
    const QString next = must(store->nextOutTradeNo(QStringLiteral("T01"), kDay), "number");
    QVERIFY(!must(store->find(next), "find").has_value());
    QVERIFY(next > orders.last().outTradeNo);
}

// Several programs starting on a file that does not exist yet: one creates and migrates it, the
// others wait for it; none fails.
void TestOrderStoreConcurrency::simultaneousFirstOpen()
{
    constexpr int kRounds = 6;
    constexpr int kChildren = 8;
    for (int round = 0; round < kRounds; ++round) {
        const QString path = m_dir->filePath(QStringLiteral("round%1/orders.sqlite").arg(round));
        std::vector<std::unique_ptr<QProcess>> children;
        for (int i = 0; i < kChildren; ++i) {
            auto child = std::make_unique<QProcess>();
            child->start(QCoreApplication::applicationFilePath(),
                         {QStringLiteral("--child-charge"), path, QStringLiteral("2")});
            children.push_back(std::move(child));
        }
        QSet<QString> numbers;
        for (auto& child : children) {
            QVERIFY(child->waitForFinished(60000));
            const QByteArray errors = child->readAllStandardError();
            QVERIFY2(child->exitStatus() == QProcess::NormalExit && child->exitCode() == 0, errors.constData());
            for (const QString& line :
                 QString::fromUtf8(child->readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts))
                numbers.insert(line);
        }
        QCOMPARE(numbers.size(), kChildren * 2);
    }
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--child-churn") == 0)
        return childChurn(QString::fromLocal8Bit(argv[2]));
    if (argc == 4 && qstrcmp(argv[1], "--child-charge") == 0)
        return childCharge(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toInt());
    TestOrderStoreConcurrency test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestOrderStoreConcurrency.moc"
