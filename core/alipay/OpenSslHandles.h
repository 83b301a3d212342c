#pragma once

// RAII owners for OpenSSL objects. Only the core's crypto files (alipay, vault) include this.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace counterpay::alipay::ossl {

struct Free
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
    void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
    void operator()(BIO* p) const { BIO_free_all(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
    // The stack only: its certificates are owned elsewhere.
    void operator()(STACK_OF(X509) * p) const { sk_X509_free(p); }
};

using PKey = std::unique_ptr<EVP_PKEY, Free>;
using PKeyCtx = std::unique_ptr<EVP_PKEY_CTX, Free>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Free>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Free>;
using Bio = std::unique_ptr<BIO, Free>;
using X509Ptr = std::unique_ptr<X509, Free>;
using X509Store = std::unique_ptr<X509_STORE, Free>;
using X509StoreCtx = std::unique_ptr<X509_STORE_CTX, Free>;
using X509Stack = std::unique_ptr<STACK_OF(X509), Free>;

inline Bio memoryBio(const QByteArray& data)
{
    return Bio(BIO_new_mem_buf(data.constData(), static_cast<int>(data.size())));
}

inline QByteArray bioContents(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

// The oldest error on OpenSSL's thread-local queue, for log detail; clears the queue.
QString lastError();

// Never prompt on a terminal for a passphrase: an encrypted key simply fails to load.
int noPassphrase(char* buf, int size, int rwflag, void* userdata);

// Every certificate of a PEM file in order. Text between blocks is ignored, as PEM allows; a block
// that is not a certificate, or one that does not decode, makes the whole file unusable (a Config
// error naming `origin`).
Result<std::vector<X509Ptr>> readCertificates(const QByteArray& pem, const QString& origin);

} // namespace counterpay::alipay::ossl
