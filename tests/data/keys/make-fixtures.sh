#!/bin/sh
# Regenerates the RSA2 fixtures of test_keys and test_rsa2 with the openssl command line, so that our
# keys and signatures are checked against an independent implementation byte for byte.
#
#   tests/data/keys/make-fixtures.sh             re-derive every key form and signature from the
#                                                committed keys (the output must not change)
#   tests/data/keys/make-fixtures.sh --new-keys  generate fresh keys first
#
# RSASSA-PKCS1-v1_5 is deterministic: the same key and content always give the same signature.
set -eu
cd "$(dirname "$0")"

if [ "${1:-}" = "--new-keys" ] || [ ! -f app_private_pkcs8.pem ]; then
    openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out app_private_pkcs8.pem
    openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other_private_pkcs8.pem
    openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024_private.pem
    openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec_private.pem
fi

# One base64 line of a PEM body, as Alipay's key tool and console show keys.
bare() { grep -v -- '-----' "$1" | tr -d '\r\n'; }

# The app key in every form an integrator may paste.
openssl pkey -in app_private_pkcs8.pem -traditional -out app_private_pkcs1.pem
bare app_private_pkcs8.pem > app_private_bare.txt
bare app_private_pkcs1.pem > app_private_pkcs1_bare.txt
openssl pkey -in app_private_pkcs8.pem -pubout -out app_public.pem
openssl rsa -in app_private_pkcs8.pem -RSAPublicKey_out -out app_public_pkcs1.pem 2>/dev/null
bare app_public.pem > app_public_bare.txt
# Forms with a random or time-dependent part are made only with new keys, so a re-run changes nothing.
if [ "${1:-}" = "--new-keys" ] || [ ! -f app_cert.pem ]; then
    openssl req -x509 -new -key app_private_pkcs8.pem -sha256 -days 36500 -set_serial 0x2a \
        -subj '/C=CN/O=CounterPay Test/CN=CounterPay test app' -out app_cert.pem
    # Passphrase-protected (the passphrase is "counterpay"): loading them must fail, never prompt.
    openssl pkcs8 -topk8 -in app_private_pkcs8.pem -v2 aes-256-cbc -passout pass:counterpay \
        -out app_private_encrypted.pem
    openssl pkey -in app_private_pkcs8.pem -traditional -aes256 -passout pass:counterpay \
        -out app_private_encrypted_pkcs1.pem
fi

# Keys that must be refused or must not match.
openssl pkey -in other_private_pkcs8.pem -pubout -out other_public.pem
openssl pkey -in rsa1024_private.pem -pubout -out rsa1024_public.pem
openssl pkey -in ec_private.pem -pubout -out ec_public.pem

# Contents and their signatures by `openssl dgst -sha256 -sign` (SHA256withRSA, PKCS#1 v1.5).
printf '%s' 'app_id=2021000000000001&method=alipay.trade.query&sign_type=RSA2' > content_ascii.txt
printf '%s' 'subject=可口可乐 330ml ×2（冰）&total_amount=0.01&备注=收银台 №1' > content_chinese.txt
printf '%s' 'app_id=2021000000000001&biz_content={"out_trade_no":"T01-20240501-000042","total_amount":"88.88","subject":"可口可乐 330ml ×2","store_id":"NJ_001","terminal_id":"T01","timeout_express":"5m","goods_detail":[{"goods_id":"6901234567890","goods_name":"可口可乐","quantity":2,"price":"3.50"}]}&charset=utf-8&format=JSON&method=alipay.trade.precreate&notify_url=https://pay.example.com/alipay/notify?shop=1&x=%2B&sign_type=RSA2&timestamp=2024-05-01 12:34:56&version=1.0' > content_request.txt
: > content_empty.txt
for name in ascii chinese request empty; do
    openssl dgst -sha256 -sign app_private_pkcs8.pem "content_$name.txt" | openssl base64 -A | tr -d '\n' > "content_$name.sig"
    # Cross-check: the PKCS#1 form of the same key signs identically, and the public key verifies.
    openssl dgst -sha256 -sign app_private_pkcs1.pem "content_$name.txt" | openssl base64 -A | tr -d '\n' |
        cmp -s - "content_$name.sig"
    openssl base64 -A -d -in "content_$name.sig" |
        openssl dgst -sha256 -verify app_public.pem -signature /dev/stdin "content_$name.txt" > /dev/null
done
echo "fixtures written to $(pwd)"
