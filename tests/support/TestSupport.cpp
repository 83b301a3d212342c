#include "TestSupport.h"

#include <QFile>
#include <QProcess>
#include <QTest>

namespace counterpay::test {

void writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(contents);
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

ProcessResult run(const QString& program, const QStringList& arguments, const QByteArray& input,
                  const QString& workingDirectory)
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        qFatal("cannot start %s", qPrintable(program));
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        qFatal("%s did not finish", qPrintable(program));
    }
    ProcessResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

void makeKeyPair(const QString& dir, const QString& name)
{
    const QString privatePath = dir + u'/' + name + QStringLiteral("_private_key.pem");
    const QString publicPath = dir + u'/' + name + QStringLiteral("_public_key.pem");
    auto generated =
        run(QStringLiteral("openssl"),
            {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
             QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"), privatePath});
    if (generated.exitCode != 0)
        qFatal("openssl genpkey failed: %s", generated.err.constData());
    auto extracted = run(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), privatePath,
                                                     QStringLiteral("-pubout"), QStringLiteral("-out"), publicPath});
    if (extracted.exitCode != 0)
        qFatal("openssl pkey failed: %s", extracted.err.constData());
}

QByteArray opensslSign(const QString& privateKeyPath, const QByteArray& content)
{
    auto signed_ =
        run(QStringLiteral("openssl"),
            {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-sign"), privateKeyPath}, content);
    if (signed_.exitCode != 0)
        qFatal("openssl dgst failed: %s", signed_.err.constData());
    return signed_.out.toBase64();
}

} // namespace counterpay::test
