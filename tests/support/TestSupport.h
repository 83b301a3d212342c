#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Helpers shared by the tests: files in temporary folders and the `openssl` command line as an
// independent implementation to check our crypto against.
namespace counterpay::test {

void writeFile(const QString& path, const QByteArray& contents);
QByteArray readFile(const QString& path);

struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program to completion (30 s at most) with `input` on its stdin.
ProcessResult run(const QString& program, const QStringList& arguments, const QByteArray& input = {},
                  const QString& workingDirectory = {});

// Writes DIR/<name>_private_key.pem (PKCS#8) and DIR/<name>_public_key.pem (SPKI) with `openssl genpkey`.
void makeKeyPair(const QString& dir, const QString& name);

// RSA2 signature of `content` by `openssl dgst -sha256 -sign`, base64 on one line.
QByteArray opensslSign(const QString& privateKeyPath, const QByteArray& content);

} // namespace counterpay::test
