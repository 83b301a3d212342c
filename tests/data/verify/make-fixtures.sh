#!/bin/bash
# Regenerates the gateway replies of test_response_verifier, signed with the OpenSSL command line so
# that the fixtures do not depend on the code under test. Alipay signs the raw bytes of the response
# member's value (for an AES-encrypted reply: the JSON string token, quotes included). The key pairs
# are made once and kept; re-running re-signs the same bytes (RSA PKCS#1 v1.5 is deterministic).
#
# Not made here: alipay-sdk-nodejs/, a reply really signed by Alipay and the matching Alipay public key,
# copied from alipay/alipay-sdk-nodejs-all (test/alipay.test.ts "checkResponseSign should work",
# test/fixtures/alipay-public-key.pem at commit bf1c02613c993f9a0d7580818f4cbc1df031ac87).
set -euo pipefail
cd "$(dirname "$0")"

[ -f alipay_test_private.pem ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out alipay_test_private.pem
[ -f alipay_test_public.pem ] || openssl pkey -in alipay_test_private.pem -pubout -out alipay_test_public.pem
# Another key pair: what a forger signs with, and the "app's own public key" pasted where Alipay's
# belongs (the commonest configuration mistake).
[ -f other_private.pem ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other_private.pem
[ -f other_public.pem ] || openssl pkey -in other_private.pem -pubout -out other_public.pem

sign() { # <key> < bytes
    openssl dgst -sha256 -sign "$1" | base64 -w0
}
sign_text() { # <text>
    printf %s "$1" | sign alipay_test_private.pem
}

aes_key_hex=$(base64 -d ../aes/key-128.b64 | xxd -p | tr -d '\n')
aes() { # <text> -> base64 cipher text, AES-128-CBC, zero IV
    printf %s "$1" | openssl enc -aes-128-cbc -K "$aes_key_hex" -iv 00000000000000000000000000000000 | base64 -w0
}

M=alipay_trade_query_response
CERT_SN=0f1e2d3c4b5a69788796a5b4c3d2e1f0

# A paid trade. Inside strings: '}', a "sign" member, escaped quotes, \/ and \uXXXX, raw UTF-8.
paid='{"code":"10000","msg":"Success","buyer_logon_id":"159****5620","buyer_pay_amount":"88.88","out_trade_no":"T1-20240501-0001","trade_no":"2024050122001456781000012345","trade_status":"TRADE_SUCCESS","total_amount":"88.88","send_pay_date":"2024-05-01 12:00:01","store_name":"Caf\u00e9 \u4e2d\u5173\u6751 {\"sign\":\"x\"} 店","fund_bill_list":[{"amount":"88.88","fund_channel":"ALIPAYACCOUNT"}],"ext_infos":"https:\/\/example.com\/a?b=1&c=}"}'
printf '{"%s":%s,"sign":"%s"}' "$M" "$paid" "$(sign_text "$paid")" > paid.json
printf '{"%s":%s,"alipay_cert_sn":"%s","sign":"%s"}' "$M" "$paid" "$CERT_SN" "$(sign_text "$paid")" > paid-cert-sn.json
printf '{"%s":%s,"alipay_cert_sn":"%s","sign":"%s"}' "$M" "$paid" "ffffffffffffffffffffffffffffffff" "$(sign_text "$paid")" > paid-other-cert-sn.json
printf '{"%s":%s,"sign":"%s"}' "$M" "$paid" "$(printf %s "$paid" | sign other_private.pem)" > paid-other-key.json
printf '{"%s":%s}' "$M" "$paid" > paid-unsigned.json

# Whitespace between every top-level token, and inside the node (which is signed as it is).
spaced='{ "code" : "10000", "msg" : "Success",
  "out_trade_no" : "T1-20240501-0002", "trade_status" : "WAIT_BUYER_PAY", "total_amount" : "0.01" }'
printf '{\n  "%s" :\n  %s ,\r\n\t"sign"  :  "%s"\n}\n' "$M" "$spaced" "$(sign_text "$spaced")" > spaced.json

# Signed over what a JSON library re-serialises (slashes unescaped): must not verify against the raw
# bytes the gateway sent.
slashed='{"code":"10000","msg":"Success","out_trade_no":"T1-20240501-0003","qr_code":"https:\/\/qr.alipay.com\/bax08431"}'
reserialised='{"code":"10000","msg":"Success","out_trade_no":"T1-20240501-0003","qr_code":"https://qr.alipay.com/bax08431"}'
printf '{"alipay_trade_precreate_response":%s,"sign":"%s"}' "$slashed" "$(sign_text "$reserialised")" > reserialised-signature.json
printf '{"alipay_trade_precreate_response":%s,"sign":"%s"}' "$slashed" "$(sign_text "$slashed")" > raw-signature.json

# Known forgeries: a second response member after the signed one (also with an escaped name), a
# second sign.
evil='{"code":"10000","msg":"Success","out_trade_no":"T1-20240501-0001","trade_status":"TRADE_SUCCESS","total_amount":"0.01"}'
printf '{"%s":%s,"%s":%s,"sign":"%s"}' "$M" "$paid" "$M" "$evil" "$(sign_text "$paid")" > forgery-duplicate.json
printf '{"%s":%s,"alipay_trade_query\\u005fresponse":%s,"sign":"%s"}' "$M" "$paid" "$evil" "$(sign_text "$paid")" > forgery-duplicate-escaped.json
printf '{"%s":%s,"sign":"%s","sign":"%s"}' "$M" "$evil" "$(sign_text "$paid")" "$(sign_text "$evil")" > forgery-two-signs.json

# Errors: Alipay leaves some unsigned; an unsigned one is accepted as an error, never as a success.
error='{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id","sub_msg":"无效的AppID参数"}'
printf '{"error_response":%s}' "$error" > error-unsigned.json
printf '{"error_response":%s,"sign":"%s"}' "$error" "$(sign_text "$error")" > error-signed.json
failed='{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_NOT_EXIST","sub_msg":"交易不存在","out_trade_no":"T1-20240501-0009"}'
printf '{"%s":%s,"sign":"%s"}' "$M" "$failed" "$(sign_text "$failed")" > business-failed.json
printf '{"%s":%s}' "$M" "$failed" > business-failed-unsigned.json
nocode='{"msg":"Success","out_trade_no":"T1-20240501-0001"}'
printf '{"%s":%s}' "$M" "$nocode" > unsigned-no-code.json

# GBK bytes (charset=GBK): signed as sent, decoded only after verifying.
printf %s "$failed" | iconv -f UTF-8 -t GBK > gbk-node.tmp
printf '{"%s":' "$M" > business-failed-gbk.json
cat gbk-node.tmp >> business-failed-gbk.json
printf ',"sign":"%s"}' "$(sign alipay_test_private.pem < gbk-node.tmp)" >> business-failed-gbk.json
rm gbk-node.tmp

# The answer to another method than the one asked.
printf '{"alipay_trade_pay_response":%s,"sign":"%s"}' "$paid" "$(sign_text "$paid")" > wrong-method.json

# encrypt_type=AES: the node is a JSON string; the signature covers the token with its quotes.
cipher=$(aes "$paid")
printf '{"%s":"%s","sign":"%s"}' "$M" "$cipher" "$(sign_text "\"$cipher\"")" > aes.json
printf '{"%s":"%s","sign":"%s"}' "$M" "$cipher" "$(sign_text "$cipher")" > aes-signed-without-quotes.json
printf '{"%s":"%s"}' "$M" "$cipher" > aes-unsigned.json
escaped=${cipher//\//\\\/}
printf '{"%s":"%s","sign":"%s"}' "$M" "$escaped" "$(sign_text "\"$escaped\"")" > aes-escaped-slash.json
