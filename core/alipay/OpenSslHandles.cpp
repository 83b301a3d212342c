#include "alipay/OpenSslHandles.h"

#include <openssl/err.h>

namespace counterpay::alipay::ossl {

QString lastError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("no OpenSSL error reported");
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

int noPassphrase(char*, int, int, void*)
{
    return 0;
}

} // namespace counterpay::alipay::ossl
