#!/bin/sh
# Self-made certificates for test_cert_sn, and their SNs computed without our code:
#  - plain ASCII issuer DNs: `openssl x509 -serial -issuer -nameopt RFC2253`, python3 for the decimal
#    serial, md5sum;
#  - issuer DNs with special characters, multi-valued RDNs, UTF-8 or BMPString values (which
#    OpenSSL's RFC 2253 printer writes differently from Java): CertSnOracle.java, i.e. Java's
#    X500Principal.getName() as Alipay's Java SDK calls it. Needs a JDK >= 21 as $JAVA (older JDKs
#    decode BMPString values as UTF-8).
# Plain DNs are checked with both and must agree. Writes selfmade-*.crt, selfmade-bundle.pem and
# expected-sn.tsv (file <TAB> cert|root <TAB> sn <TAB> hashed text).
set -eu
cd "$(dirname "$0")"
JAVA=${JAVA:-java}
version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${version:-0}" -lt 21 ]; then
    echo "make-certs.sh: set JAVA to a JDK >= 21 (found '${version:-none}')" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/rsa.pem"
openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/ec.pem"

# selfsign <key> <out> <serial> <subject> [openssl req options...]
selfsign() {
    key=$1 out=$2 serial=$3 subject=$4
    shift 4
    openssl req -x509 -new -key "$key" -utf8 -days 36500 -sha256 -set_serial "$serial" -subj "$subject" \
        "$@" -out "$out"
}

# Serials wider than 64 bits, as Alipay's are; the second has its top bit set (DER adds a 00 byte).
selfsign "$tmp/rsa.pem" selfmade-big-serial.crt 0x7c0ffee0123456789abcdef0123456789abcdef0 \
    '/C=CN/O=CounterPay Test/OU=Certification Authority/CN=CounterPay Test Root R1'
selfsign "$tmp/rsa.pem" selfmade-pss.crt 0x0102030405060708090a \
    '/C=CN/O=CounterPay Test/CN=CounterPay Test RSASSA-PSS' -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
selfsign "$tmp/ec.pem" selfmade-ecdsa.crt 0x03 '/C=CN/O=CounterPay Test/CN=CounterPay Test ECDSA'
selfsign "$tmp/rsa.pem" selfmade-tricky-dn.crt 0xf123456789abcdef0123456789abcdef01234567 \
    '/C=CN/ST=Zhe Jiang/L=Hangzhou+OU=Payments/O=Comma\, Plus\+ Inc/O=支付宝(中国)网络技术有限公司/DC=alipay+DC=com/emailAddress=ops@example.com/serialNumber=91330100MA27/organizationIdentifier=VATCN-123/UID=u42/street=1 West Lake Rd/CN= #lead=eq;semi<lt>gt"quote\\back trail '
printf '[req]\ndistinguished_name=dn\nstring_mask=MASK:0x0800\n[dn]\n' > "$tmp/bmp.cnf"
selfsign "$tmp/rsa.pem" selfmade-bmp-dn.crt 0x00ff00ff00ff00ff00ff '/C=CN/O=Ant Test BMP/CN=支付宝 BMP 根 ' \
    -config "$tmp/bmp.cnf"
# A root bundle in Windows line ends: ECDSA (skipped), then three RSA-signed certificates.
cat selfmade-ecdsa.crt selfmade-big-serial.crt selfmade-pss.crt selfmade-tricky-dn.crt | sed 's/$/\r/' \
    > selfmade-bundle.pem

openssl_line() {
    serial=$(openssl x509 -in "$1" -noout -serial | sed 's/^serial=//')
    issuer=$(openssl x509 -in "$1" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')
    decimal=$(python3 -c 'import sys; print(int(sys.argv[1], 16))' "$serial")
    sn=$(printf '%s%s' "$issuer" "$decimal" | md5sum | cut -d' ' -f1)
    printf '%s\tcert\t%s\t%s%s\n' "$1" "$sn" "$issuer" "$decimal"
}
java_line() {
    printf '%s\tcert\t' "$1"
    "$JAVA" CertSnOracle.java "$1"
}
sn_of() { cut -f3 "$tmp/$1.tsv"; }

for f in selfmade-big-serial.crt selfmade-pss.crt selfmade-ecdsa.crt; do
    openssl_line "$f" > "$tmp/$f.tsv"
    java_line "$f" | cmp -s - "$tmp/$f.tsv" || { echo "make-certs.sh: openssl and Java disagree on $f" >&2; exit 1; }
done
for f in selfmade-tricky-dn.crt selfmade-bmp-dn.crt; do
    java_line "$f" > "$tmp/$f.tsv"
done
{
    for f in selfmade-big-serial.crt selfmade-pss.crt selfmade-ecdsa.crt selfmade-tricky-dn.crt selfmade-bmp-dn.crt; do
        cat "$tmp/$f.tsv"
    done
    printf 'selfmade-bundle.pem\troot\t%s_%s_%s\t\n' "$(sn_of selfmade-big-serial.crt)" "$(sn_of selfmade-pss.crt)" \
        "$(sn_of selfmade-tricky-dn.crt)"
} > expected-sn.tsv
cat expected-sn.tsv
