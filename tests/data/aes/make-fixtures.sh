#!/bin/sh
# Regenerates the AES fixtures of test_content_cipher with the OpenSSL command line, independently of
# the code under test: AES-CBC, IV all zero, PKCS#7 padding, as Alipay's encrypt_type=AES defines it.
# The keys are fixed so that re-running the script reproduces the committed files byte for byte.
set -eu
cd "$(dirname "$0")"

zero_iv=00000000000000000000000000000000

write_key() { # <bits> <hex>
    printf %s "$2" | xxd -r -p | base64 -w0 > "key-$1.b64"
    printf '\n' >> "key-$1.b64"
}
write_key 128 302473faee945aef2f8cbd1310c23afd
write_key 192 60fa7c0f224090320bcdd0bbe030188e877ce41ab343b7bc
write_key 256 9a1e53c8ecb1343748cce87bd4d3769c3d0d053d8797f03809c27fc0b08e706e

printf '' > plain-empty.txt
printf '0123456789abcde' > plain-15.txt
printf '0123456789abcdef' > plain-16.txt
printf '{"out_trade_no":"T1-20240501-0001","total_amount":"88.88","subject":"咖啡 ×2","qr_code":"https:\\/\\/qr.alipay.com\\/bax01"}' > plain-json.txt
head -c 1000 /dev/zero | tr '\0' 'x' > plain-1000.txt

for bits in 128 192 256; do
    hex=$(base64 -d "key-$bits.b64" | xxd -p | tr -d '\n')
    for plain in plain-*.txt; do
        name=${plain%.txt}
        openssl enc -aes-$bits-cbc -K "$hex" -iv "$zero_iv" -in "$plain" | base64 -w0 > "$name.aes$bits.b64"
    done
done
