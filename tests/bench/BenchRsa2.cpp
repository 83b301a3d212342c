// bench_rsa2: RSA2 sign and verify throughput through Rsa2 (SHA-256, PKCS#1 v1.5, base64 included)
// for a fixed 2048-bit key, and the cost of building a typical precreate request relative to one
// sign. Plain std::chrono: each measure runs in several rounds and the median round is reported.
// Rates are given per second of this process's CPU time (std::clock, which is what `openssl speed`
// divides by unless given -elapsed) and per second of wall-clock time (std::chrono::steady_clock);
// on a busy machine only the first is stable.
//
//   bench_rsa2 [--seconds N] [--rounds R] [--key private-key-file]
//
// N is the time spent on each of sign and verify (split into R rounds), like `openssl speed -seconds N`.
// The last line is machine-readable for tests/bench/run-rsa2-bench.sh.

#include "alipay/FormCodec.h"
#include "alipay/Params.h"
#include "alipay/PrivateKey.h"
#include "alipay/PublicKey.h"
#include "alipay/ResponseVerifier.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "alipay/Timestamp.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <vector>

using namespace counterpay::alipay;
using Clock = std::chrono::steady_clock;

namespace {

struct Rounds
{
    std::vector<double> perSecond;

    double median() const
    {
        std::vector<double> sorted = perSecond;
        std::sort(sorted.begin(), sorted.end());
        const size_t n = sorted.size();
        return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
    double min() const { return *std::min_element(perSecond.begin(), perSecond.end()); }
    double max() const { return *std::max_element(perSecond.begin(), perSecond.end()); }
};

struct Measure
{
    Rounds cpu;  // operations per CPU second
    Rounds wall; // operations per wall-clock second
};

// Runs `op` repeatedly for `seconds` of wall-clock time per round. `op` returns false on failure,
// which aborts the benchmark (a benchmark of errors is worthless).
Measure measure(const char* name, double seconds, int rounds, const std::function<bool()>& op)
{
    Measure result;
    const auto budget = std::chrono::duration<double>(seconds);
    for (int round = 0; round < rounds; ++round) {
        long long count = 0;
        const std::clock_t cpuStart = std::clock();
        const auto start = Clock::now();
        auto now = start;
        do {
            if (!op()) {
                std::fprintf(stderr, "bench_rsa2: %s failed\n", name);
                std::exit(1);
            }
            ++count;
            now = Clock::now();
        } while (now - start < budget);
        const double cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        result.cpu.perSecond.push_back(static_cast<double>(count) / cpuSeconds);
        result.wall.perSecond.push_back(static_cast<double>(count) /
                                        std::chrono::duration<double>(now - start).count());
    }
    return result;
}

// What the gateway client does for one precreate before signing, plus the form encoding after it.
Params precreateParams(const QString& timestamp)
{
    return Params{
        {QStringLiteral("app_id"), QStringLiteral("2021000000000001")},
        {QStringLiteral("method"), QStringLiteral("alipay.trade.precreate")},
        {QStringLiteral("format"), QStringLiteral("JSON")},
        {QStringLiteral("charset"), QStringLiteral("utf-8")},
        {QStringLiteral("sign_type"), QStringLiteral("RSA2")},
        {QStringLiteral("timestamp"), timestamp},
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("notify_url"), QStringLiteral("https://pay.example.com/alipay/notify")},
        {QStringLiteral("biz_content"),
         QStringLiteral(u"{\"out_trade_no\":\"T01-20240501-000042\",\"total_amount\":\"88.88\",\"subject\":\"可口可乐 "
                        u"330ml ×2\",\"store_id\":\"NJ_001\",\"terminal_id\":\"T01\",\"timeout_express\":\"5m\","
                        u"\"goods_detail\":[{\"goods_id\":\"6901234567890\",\"goods_name\":\"可口可乐\",\"quantity\":2,"
                        u"\"price\":\"3.50\"}]}")},
    };
}

void printRow(const char* name, const Measure& measure, const char* unit)
{
    std::printf("  %-18s CPU  median %10.1f %s  (min %.1f, max %.1f)\n", name, measure.cpu.median(), unit,
                measure.cpu.min(), measure.cpu.max());
    std::printf("  %-18s wall median %10.1f %s  (min %.1f, max %.1f)\n", "", measure.wall.median(), unit,
                measure.wall.min(), measure.wall.max());
}

} // namespace

int main(int argc, char** argv)
{
    double seconds = 10;
    int rounds = 5;
    QString keyPath = QStringLiteral(COUNTERPAY_TEST_DATA "/keys/app_private_pkcs8.pem");
    for (int i = 1; i < argc; ++i) {
        const bool hasValue = i + 1 < argc;
        if (!std::strcmp(argv[i], "--seconds") && hasValue)
            seconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--rounds") && hasValue)
            rounds = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--key") && hasValue)
            keyPath = QString::fromLocal8Bit(argv[++i]);
        else {
            std::fprintf(stderr, "usage: bench_rsa2 [--seconds N] [--rounds R] [--key private-key-file]\n");
            return 2;
        }
    }
    if (seconds <= 0 || rounds <= 0) {
        std::fprintf(stderr, "bench_rsa2: --seconds and --rounds must be positive\n");
        return 2;
    }

    const auto key = PrivateKey::fromFile(keyPath);
    if (!key) {
        std::fprintf(stderr, "bench_rsa2: %s\n", qPrintable(key.error().toString()));
        return 1;
    }
    const PublicKey publicKey = key->publicKey();
    const QString timestamp = Timestamp::format(QDateTime::currentDateTimeUtc());
    const QByteArray content = SignContent::forRequest(precreateParams(timestamp));
    const auto signature = Rsa2::sign(*key, content);
    if (!signature || !Rsa2::verify(publicKey, content, *signature)) {
        std::fprintf(stderr, "bench_rsa2: the key does not sign and verify\n");
        return 1;
    }

    std::printf("bench_rsa2: %d-bit key %s, %lld-byte sign content, %d rounds of %.2f s per measure\n", key->bits(),
                qPrintable(keyPath), static_cast<long long>(content.size()), rounds, seconds / rounds);

    const double roundSeconds = seconds / rounds;
    const Measure sign = measure("sign", roundSeconds, rounds, [&] { return Rsa2::sign(*key, content).ok(); });
    printRow("Rsa2::sign", sign, "ops/s");
    const Measure verify =
        measure("verify", roundSeconds, rounds, [&] { return Rsa2::verify(publicKey, content, *signature); });
    printRow("Rsa2::verify", verify, "ops/s");

    // Request building: timestamp, parameters, sign content, then the form body with the signature.
    const QString sign64 = *signature;
    const Measure build = measure("build", std::min(roundSeconds, 1.0), rounds, [&] {
        Params params = precreateParams(Timestamp::format(QDateTime::currentDateTimeUtc()));
        const QByteArray signedContent = SignContent::forRequest(params);
        params.set(QStringLiteral("sign"), sign64);
        const QByteArray body = FormCodec::encode(params);
        return !signedContent.isEmpty() && !body.isEmpty();
    });
    printRow("request building", build, "req/s");

    // Reply verification: a precreate answer as the gateway sends it, through ResponseVerifier (scan
    // for the raw member, RSA2 verify, parse). Its overhead is what it costs beyond Rsa2::verify.
    const QByteArray node = R"({"code":"10000","msg":"Success","out_trade_no":"T01-20240501-000042",)"
                            R"("qr_code":"https:\/\/qr.alipay.com\/bax08431ljhokirwl38f00a7"})";
    const QByteArray reply =
        "{\"alipay_trade_precreate_response\":" + node + ",\"sign\":\"" + Rsa2::sign(*key, node)->toLatin1() + "\"}";
    const ResponseVerifier verifier(publicKey);
    const Measure reading = measure("reply verification", std::min(roundSeconds, 1.0), rounds,
                                    [&] { return verifier.verify(reply, u"alipay.trade.precreate").ok(); });
    printRow("reply verification", reading, "replies/s");

    const double signMicros = 1e6 / sign.cpu.median();
    const double buildMicros = 1e6 / build.cpu.median();
    const double verifyMicros = 1e6 / verify.cpu.median();
    const double readMicros = 1e6 / reading.cpu.median();
    std::printf("  request building (CPU): %.2f us per request = %.2f%% of one sign (%.1f us)\n", buildMicros,
                100.0 * buildMicros / signMicros, signMicros);
    std::printf("  reply verification (CPU): %.2f us per reply, of which %.2f us beyond the RSA verify = %.2f%% of "
                "one sign\n",
                readMicros, readMicros - verifyMicros, 100.0 * (readMicros - verifyMicros) / signMicros);
    std::printf("RESULT sign_cpu=%.1f verify_cpu=%.1f sign_wall=%.1f verify_wall=%.1f build_us=%.3f sign_us=%.3f\n",
                sign.cpu.median(), verify.cpu.median(), sign.wall.median(), verify.wall.median(), buildMicros,
                signMicros);
    return 0;
}
