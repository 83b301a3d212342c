// `counterpay-cli reconcile` against a real counterpay-sandbox process over loopback: payments and a
// partial refund through the order book agree with the sandbox's trade bill (exit 0); then each
// seeded difference is found, named by its out_trade_no, with exit 9: a sale by another client of the
// same app, a payment of this terminal the book lost, a paid order Alipay never saw, an amount that
// differs, and a refund made outside the book.
#include "SandboxHarness.h"
#include "alipay/ChinaTime.h"
#include "store/OrderStore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <tuple>

using namespace counterpay;
using namespace counterpay::test;

namespace {

QJsonObject jsonOf(const QByteArray& out)
{
    return QJsonDocument::fromJson(out).object();
}

} // namespace

class TestReconcileEndToEnd : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void agreesAfterPaymentsAndARefund();
    void findsEachSeededDifference();
    void dayWithoutBusiness();
    void errorsHaveTheirExitCodes();

private:
    ProcessResult cli(const QStringList& arguments) const;
    ProcessResult reconcile(const QStringList& extra = {}) const;
    std::unique_ptr<store::OrderStore> openBook() const;

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    QString m_config;
    QDate m_day;
    QString m_paidAndRefunded;
    QString m_paid;
};

void TestReconcileEndToEnd::initTestCase()
{
    QVERIFY(m_dir.isValid());
    initSandbox(m_dir.path());
    QVERIFY2(m_sandbox.start(m_dir.path(), {QStringLiteral("--quiet")}), qPrintable(m_sandbox.error()));
    m_config = m_sandbox.configPath();
    QFile ini(m_config);
    QVERIFY(ini.open(QIODevice::Append));
    ini.write("\n[counter]\nterminal_id=E2E\n");
    ini.close();
    // The sandbox serves a day's bill at once (without --next-day-bills): today's, in China.
    m_day = alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
}

void TestReconcileEndToEnd::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

ProcessResult TestReconcileEndToEnd::cli(const QStringList& arguments) const
{
    return run(cliProgram(), QStringList{QStringLiteral("--config"), m_config} + arguments);
}

ProcessResult TestReconcileEndToEnd::reconcile(const QStringList& extra) const
{
    return cli(QStringList{QStringLiteral("reconcile"), QStringLiteral("--date"), m_day.toString(Qt::ISODate)} + extra);
}

std::unique_ptr<store::OrderStore> TestReconcileEndToEnd::openBook() const
{
    // `init` gives the sandbox's app its own order book next to the config.
    auto opened = store::OrderStore::open(QDir(m_dir.path()).filePath(QStringLiteral("orders.sqlite")));
    if (!opened)
        qFatal("cannot open the book: %s", qPrintable(opened.error().toString()));
    return std::move(*opened);
}

void TestReconcileEndToEnd::agreesAfterPaymentsAndARefund()
{
    const auto first = cli({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("12.34"),
                            QStringLiteral("--auth-code"), QStringLiteral("280000000000000001")});
    QVERIFY2(first.exitCode == 0, first.err.constData());
    m_paidAndRefunded = jsonOf(first.out).value(u"out_trade_no").toString();
    const auto second = cli({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("5"),
                             QStringLiteral("--auth-code"), QStringLiteral("280000000000000001")});
    QVERIFY2(second.exitCode == 0, second.err.constData());
    m_paid = jsonOf(second.out).value(u"out_trade_no").toString();
    QVERIFY(m_paidAndRefunded.startsWith(QStringLiteral("E2E-")));
    const auto refunded = cli({QStringLiteral("refund"), QStringLiteral("--out-trade-no"), m_paidAndRefunded,
                               QStringLiteral("--amount"), QStringLiteral("2.34")});
    QVERIFY2(refunded.exitCode == 0, refunded.err.constData());

    const auto text = reconcile();
    QVERIFY2(text.exitCode == 0, text.out.constData());
    QVERIFY2(text.out.contains("they agree"), text.out.constData());
    QCOMPARE(text.out.trimmed().count('\n'), 0); // the summary alone

    const auto json = reconcile({QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject report = jsonOf(json.out);
    QCOMPARE(report.value(u"agrees").toBool(), true);
    QCOMPARE(report.value(u"bill_found").toBool(), true);
    QCOMPARE(report.value(u"bill_date").toString(), m_day.toString(Qt::ISODate));
    const QJsonObject alipay = report.value(u"alipay").toObject();
    QCOMPARE(alipay.value(u"payments").toInt(), 2);
    QCOMPARE(alipay.value(u"paid_amount").toString(), QStringLiteral("17.34"));
    QCOMPARE(alipay.value(u"refunds").toInt(), 1);
    QCOMPARE(alipay.value(u"refunded_amount").toString(), QStringLiteral("2.34"));
    QCOMPARE(report.value(u"book").toObject(), alipay);
    QVERIFY(report.value(u"bill_file").toString().endsWith(QStringLiteral("_业务明细.csv")));
}

void TestReconcileEndToEnd::findsEachSeededDifference()
{
    QVERIFY(!m_paid.isEmpty());
    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    const QString yyyymmdd = m_day.toString(QStringLiteral("yyyyMMdd"));

    // Another client of the same app (a web shop) sells through Alipay; this book never hears of it.
    const QString webShop = QStringLiteral("WEB-") + stamp;
    QCOMPARE(
        cli({QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("7.77"),
             QStringLiteral("--out-trade-no"), webShop, QStringLiteral("--terminal-id"), QStringLiteral("WEBSHOP")})
            .exitCode,
        0);
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), webShop).status, 200);

    // A payment of this till's terminal, in its numbering, that the book does not have.
    const QString lost = QStringLiteral("E2E-%1-900001").arg(yyyymmdd);
    QCOMPARE(cli({QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("3.00"),
                  QStringLiteral("--out-trade-no"), lost})
                 .exitCode,
             0);
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), lost).status, 200);

    // Paid at Alipay 5.00, recorded in the book as 5.50.
    const QString differs = QStringLiteral("E2E-%1-900002").arg(yyyymmdd);
    QCOMPARE(
        cli({QStringLiteral("pay"), QStringLiteral("--amount"), QStringLiteral("5.00"), QStringLiteral("--auth-code"),
             QStringLiteral("280000000000000001"), QStringLiteral("--out-trade-no"), differs})
            .exitCode,
        0);
    const QString differsTradeNo = m_sandbox.trade(differs).value(u"trade_no").toString();
    QVERIFY(!differsTradeNo.isEmpty());

    // Paid in the book; Alipay never saw it.
    const QString appId = SandboxClient(m_config).config().appId;
    QString ghost;
    {
        auto book = openBook();
        auto number = book->nextOutTradeNo(QStringLiteral("E2E"), m_day);
        QVERIFY(number.ok());
        ghost = *number;
        const auto paidInBook = [&](const QString& no, qint64 fen, const QString& tradeNo) {
            const store::NewOrder order{no,
                                        appId,
                                        Money::fromFen(fen),
                                        QStringLiteral("Tea"),
                                        store::Order::PayMode::Barcode,
                                        QStringLiteral("E2E"),
                                        QString(),
                                        QDateTime(),
                                        {}};
            store::TransitionDetails details;
            if (!tradeNo.isEmpty())
                details.tradeNo = tradeNo;
            return book->create(order).ok() &&
                   book->transition(no, store::OrderState::Paid, store::EventSource::Gateway, details).ok();
        };
        QVERIFY(paidInBook(ghost, 990, QString()));
        QVERIFY(paidInBook(differs, 550, differsTradeNo));
    }

    // A refund made outside the book: the raw call, as an integrator or Alipay's merchant site would.
    const QString portal = QStringLiteral("PORTAL-") + stamp;
    QCOMPARE(
        cli({QStringLiteral("trade-refund"), QStringLiteral("--out-trade-no"), m_paid,
             QStringLiteral("--refund-amount"), QStringLiteral("1.00"), QStringLiteral("--out-request-no"), portal})
            .exitCode,
        0);

    const auto json = reconcile({QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(json.exitCode == 9, json.err.constData());
    const QJsonObject report = jsonOf(json.out);
    QCOMPARE(report.value(u"agrees").toBool(), false);
    QSet<QString> found;
    for (const QJsonValue& value : report.value(u"mismatches").toArray()) {
        const QJsonObject mismatch = value.toObject();
        QVERIFY(!mismatch.value(u"action").toString().isEmpty());
        found.insert(mismatch.value(u"kind").toString() + u' ' + mismatch.value(u"out_trade_no").toString());
        if (mismatch.value(u"kind").toString() == u"amount_differs") {
            QCOMPARE(mismatch.value(u"alipay_amount").toString(), QStringLiteral("5.00"));
            QCOMPARE(mismatch.value(u"book_amount").toString(), QStringLiteral("5.50"));
        }
        if (mismatch.value(u"kind").toString() == u"refund_not_in_book")
            QCOMPARE(mismatch.value(u"out_request_no").toString(), portal);
        if (mismatch.value(u"kind").toString() == u"other_terminal")
            QCOMPARE(mismatch.value(u"alipay_terminal_id").toString(), QStringLiteral("WEBSHOP"));
    }
    const QSet<QString> expected{
        QStringLiteral("other_terminal ") + webShop,
        QStringLiteral("paid_at_alipay_not_in_book ") + lost,
        QStringLiteral("paid_in_book_missing_at_alipay ") + ghost,
        QStringLiteral("amount_differs ") + differs,
        QStringLiteral("refund_not_in_book ") + m_paid,
    };
    QCOMPARE(found, expected);
    // Alipay's side counts what it has: five payments, two refunds.
    QCOMPARE(report.value(u"alipay").toObject().value(u"payments").toInt(), 5);
    QCOMPARE(report.value(u"alipay").toObject().value(u"refunds").toInt(), 2);

    // As text: one line per difference, each starting with its out_trade_no and saying what to do,
    // then the summary.
    const auto text = reconcile();
    QCOMPARE(text.exitCode, 9);
    const QStringList lines = QString::fromUtf8(text.out).trimmed().split(u'\n');
    QCOMPARE(lines.size(), expected.size() + 1);
    for (const QString& no : {webShop, lost, ghost, differs, m_paid}) {
        const auto named = std::count_if(lines.cbegin(), lines.cend(), [&](const QString& line) {
            return line.startsWith(no + u' ') && line.contains(QStringLiteral("Action: "));
        });
        QVERIFY2(named == 1, qPrintable(no + u'\n' + lines.join(u'\n')));
    }
    QVERIFY(lines.last().contains(QStringLiteral("5 difference(s)")));
}

void TestReconcileEndToEnd::dayWithoutBusiness()
{
    // Alipay answers isp.bill_not_exist; the book has nothing either: they agree.
    const auto quiet = cli({QStringLiteral("reconcile"), QStringLiteral("--date"), QStringLiteral("2020-01-06"),
                            QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(quiet.exitCode == 0, quiet.err.constData());
    const QJsonObject report = jsonOf(quiet.out);
    QCOMPARE(report.value(u"bill_found").toBool(), false);
    QCOMPARE(report.value(u"no_bill_sub_code").toString(), QStringLiteral("isp.bill_not_exist"));
    QCOMPARE(report.value(u"agrees").toBool(), true);
}

void TestReconcileEndToEnd::errorsHaveTheirExitCodes()
{
    QCOMPARE(cli({QStringLiteral("reconcile"), QStringLiteral("--date"), QStringLiteral("26/11/2026")}).exitCode, 2);
    QCOMPARE(
        cli({QStringLiteral("reconcile"), QStringLiteral("--date"), m_day.addDays(2).toString(Qt::ISODate)}).exitCode,
        2);
    QCOMPARE(cli({QStringLiteral("reconcile"), QStringLiteral("--format"), QStringLiteral("xml")}).exitCode, 2);
    // The gateway fails the bill query: a gateway error, not a verdict.
    QVERIFY(m_sandbox.setFaults(
        QJsonObject{{QStringLiteral("faults"),
                     QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("http_502")},
                                            {QStringLiteral("method"),
                                             QStringLiteral("alipay.data.dataservice.bill.downloadurl.query")}}}}}));
    const auto failed = reconcile();
    QCOMPARE(failed.exitCode, 5);
    QVERIFY(failed.out.isEmpty());
    QCOMPARE(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status, 200);
    // A bill whose signature does not verify is a security error.
    QVERIFY(m_sandbox.setFaults(
        QJsonObject{{QStringLiteral("faults"),
                     QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("bad_signature")},
                                            {QStringLiteral("method"),
                                             QStringLiteral("alipay.data.dataservice.bill.downloadurl.query")}}}}}));
    QCOMPARE(reconcile().exitCode, 3);
    QCOMPARE(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status, 200);
}

QTEST_GUILESS_MAIN(TestReconcileEndToEnd)
#include "TestReconcileEndToEnd.moc"
