#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringView>

#include <optional>

namespace counterpay::people {

// A PIN is kept only as a salted scrypt hash, as text in the people table:
// scrypt$<N>$<r>$<p>$<salt base64>$<key base64>. A PIN has few digits, so the hash is made slow and
// memory-hard (16 MiB) to make guessing from a stolen book costly; the lockout guards the counter.
class PinHash
{
    Q_DECLARE_TR_FUNCTIONS(PinHash)

public:
    static constexpr quint64 kN = 16384;
    static constexpr quint32 kR = 8;
    static constexpr quint32 kP = 1;
    static constexpr int kSaltBytes = 16;
    static constexpr int kKeyBytes = 32;

    struct Params
    {
        quint64 n = kN;
        quint32 r = kR;
        quint32 p = kP;
        int keyBytes = kKeyBytes;
    };

    // A new random salt each time: the same PIN never gives the same text twice.
    static Result<QString> hash(QStringView pin);
    // The same with a given salt: for known-answer tests.
    static Result<QString> hashWithSalt(QStringView pin, const QByteArray& salt);
    // Whether `pin` is the one `stored` was made from. A stored text we did not write (malformed,
    // or with costs beyond our caps) never matches.
    static bool matches(QStringView pin, const QString& stored);

    // What is wrong with `pin` as a PIN (4 to 8 ASCII digits), said for the person; nullopt when fine.
    static std::optional<QString> pinProblem(QStringView pin);

    // scrypt through OpenSSL's KDF with any parameters (RFC 7914 vectors use other ones than ours).
    static Result<QByteArray> scrypt(const QByteArray& password, const QByteArray& salt, const Params& params);

    // The highest costs a stored text may ask for: a tampered row must not make us allocate gigabytes.
    static bool withinCaps(const Params& params);
};

} // namespace counterpay::people
