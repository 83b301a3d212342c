// The desktop app's unlock at start: a masked field naming the key file, "wrong passphrase, try again", and
// Cancel as an error the app stops on; the prompt checks against the real encrypted key file.
#include "TestSupport.h"
#include "alipay/PrivateKey.h"
#include "unlock/PassphraseDialog.h"
#include "vault/EncryptedKeyFile.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace counterpay;
using namespace counterpay::ui;

class TestPassphraseDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wrongThenRight();
    void promptOpensTheRealFile();
    void cancelIsAnErrorThatSaysWhy();

private:
    // Answers the next modal PassphraseDialog: each entry typed in turn, "" cancels.
    void answer(const QStringList& typed);

    QTemporaryDir m_dir;
    QString m_keyFile;
    QStringList m_messages; // what the dialog said between attempts
};

void TestPassphraseDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto key = alipay::PrivateKey::generate();
    QVERIFY(key.ok());
    m_keyFile = m_dir.filePath(QStringLiteral("app_private_key.encrypted.pem"));
    QVERIFY(vault::EncryptedKeyFile::write(*key, "open sesame", m_keyFile).ok());
}

void TestPassphraseDialog::answer(const QStringList& typed)
{
    m_messages.clear();
    QTimer::singleShot(0, this, [this, typed] {
        auto* dialog = qobject_cast<PassphraseDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        for (const QString& text : typed) {
            if (text.isEmpty()) {
                dialog->reject();
                return;
            }
            dialog->setPassphrase(text);
            dialog->tryUnlock();
            m_messages.append(dialog->message());
        }
    });
}

void TestPassphraseDialog::wrongThenRight()
{
    int checked = 0;
    PassphraseDialog dialog(m_keyFile, [this, &checked](const QByteArray& passphrase) -> Result<void> {
        ++checked;
        auto key = vault::EncryptedKeyFile::read(m_keyFile, passphrase);
        if (!key)
            return key.error();
        return {};
    });
    auto* field = dialog.findChild<QLineEdit*>(QStringLiteral("passphrase"));
    QVERIFY(field);
    QCOMPARE(field->echoMode(), QLineEdit::Password);
    bool named = false;
    for (const QLabel* label : dialog.findChildren<QLabel*>())
        named = named || label->text().contains(m_keyFile);
    QVERIFY(named);

    dialog.show();
    dialog.setPassphrase(QStringLiteral("wrong"));
    QVERIFY(!dialog.tryUnlock());
    QCOMPARE(dialog.message(), QStringLiteral("Wrong passphrase, try again."));
    QVERIFY(dialog.isVisible());
    QVERIFY(field->text().isEmpty()); // cleared for the next try
    QVERIFY(dialog.passphrase().isEmpty());

    // Nothing typed: not even tried.
    QVERIFY(!dialog.tryUnlock());
    QCOMPARE(checked, 1);

    dialog.setPassphrase(QStringLiteral("open sesame"));
    QVERIFY(dialog.tryUnlock());
    QCOMPARE(checked, 2);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.passphrase(), QByteArray("open sesame"));
}

void TestPassphraseDialog::promptOpensTheRealFile()
{
    const vault::PassphrasePrompt prompt = PassphraseDialog::prompt();
    answer({QStringLiteral("open sesamE"), QStringLiteral("open sesame")});
    auto given = prompt(m_keyFile);
    QVERIFY2(given.ok(), qPrintable(given.ok() ? QString() : given.error().toString()));
    QCOMPARE(*given, QByteArray("open sesame"));
    QCOMPARE(m_messages.size(), 2);
    QCOMPARE(m_messages.first(), QStringLiteral("Wrong passphrase, try again."));
}

void TestPassphraseDialog::cancelIsAnErrorThatSaysWhy()
{
    const vault::PassphrasePrompt prompt = PassphraseDialog::prompt();
    answer({QString()});
    auto given = prompt(m_keyFile);
    QVERIFY(!given.ok());
    QCOMPARE(given.error().category(), Error::Category::Config);
    QVERIFY2(given.error().message().contains(QStringLiteral("stops")), qPrintable(given.error().message()));
}

QTEST_MAIN(TestPassphraseDialog)
#include "TestPassphraseDialog.moc"
