#!/usr/bin/env python3
"""Regenerates the notification bodies of test_notify_verifier.

Each body is an application/x-www-form-urlencoded POST as Alipay sends it. The signature is made by
the OpenSSL command line with the test "Alipay" key of ../verify, over Alipay's content for payment
notifications: every parameter but sign and sign_type, sorted by key byte-wise, joined key=value with
'&', values raw (decoded once), empty values kept. Python only sorts and URL-encodes.
"""
import base64
import pathlib
import subprocess
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
ALIPAY_KEY = HERE.parent / "verify" / "alipay_test_private.pem"
OTHER_KEY = HERE.parent / "verify" / "other_private.pem"
APP_ID = "2021000000000001"

PAID = [
    ("gmt_create", "2024-05-01 12:00:00"),
    ("charset", "utf-8"),
    ("seller_email", "shop@example.com"),
    # '+' and a literal "%2B" must survive exactly one decode.
    ("subject", "咖啡 ×2 (10% off, code A+B %2B)"),
    ("buyer_id", "2088102177846880"),
    ("invoice_amount", "88.88"),
    ("notify_id", "2024050100222120001234560512345678"),
    ("fund_bill_list", '[{"amount":"88.88","fundChannel":"ALIPAYACCOUNT"}]'),
    ("notify_type", "trade_status_sync"),
    ("trade_status", "TRADE_SUCCESS"),
    ("receipt_amount", "88.88"),
    ("buyer_pay_amount", "88.88"),
    ("app_id", APP_ID),
    ("sign_type", "RSA2"),
    ("seller_id", "2088102177000000"),
    ("gmt_payment", "2024-05-01 12:00:01"),
    ("notify_time", "2024-05-01 12:00:02"),
    ("version", "1.0"),
    ("out_trade_no", "T1-20240501-0001"),
    ("total_amount", "88.88"),
    ("trade_no", "2024050122001456781000012345"),
    ("auth_app_id", APP_ID),
    ("buyer_logon_id", "159****5620"),
    ("point_amount", "0.00"),
    ("body", ""),
]


def content(params):
    kept = [(k, v) for k, v in params if k not in ("sign", "sign_type")]
    kept.sort(key=lambda kv: kv[0].encode("utf-8"))
    return "&".join(f"{k}={v}" for k, v in kept).encode("utf-8")


def sign(data, key):
    der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(key)], input=data, check=True,
                         capture_output=True).stdout
    return base64.b64encode(der).decode("ascii")


def body(params):
    return "&".join(urllib.parse.quote_plus(k) + "=" + urllib.parse.quote_plus(v) for k, v in params)


def write(name, params, key=ALIPAY_KEY, signature=None):
    signed = list(params) + [("sign", signature or sign(content(params), key))]
    (HERE / name).write_text(body(signed), encoding="ascii")


def replaced(params, **changes):
    out = [(k, changes.get(k, v)) for k, v in params]
    return [(k, v) for k, v in out if v is not None]


write("paid.form", PAID)
write("paid-no-sign-type.form", replaced(PAID, sign_type=None))
write("finished.form", replaced(PAID, trade_status="TRADE_FINISHED"))
write("closed.form", replaced(PAID, trade_status="TRADE_CLOSED"))
write("waiting.form", replaced(PAID, trade_status="WAIT_BUYER_PAY"))
write("other-app.form", replaced(PAID, app_id="2021000000000999", auth_app_id="2021000000000999"))
write("bad-amount.form", replaced(PAID, total_amount="1e3"))
write("negative-amount.form", replaced(PAID, total_amount="-88.88"))
write("missing-trade-status.form", replaced(PAID, trade_status=None))
write("missing-out-trade-no.form", replaced(PAID, out_trade_no=None))
write("missing-app-id.form", replaced(PAID, app_id=None))
write("other-key.form", PAID, key=OTHER_KEY)
write("sign-type-rsa.form", replaced(PAID, sign_type="RSA"))

# A notification really signed by Alipay, from Alipay's Node.js SDK (alipay/alipay-sdk-nodejs-all,
# test/alipay.test.ts, checkNotifySign "verify sign should delete sign_type"), verified with the key
# in alipay-sdk-nodejs/alipay-public-key.pem. fund_bill_list is the SDK's JSON.stringify of its array.
REAL = [
    ("gmt_create", "2019-08-15 15:56:22"),
    ("charset", "utf-8"),
    ("seller_email", "z97-yuquerevenue@service.aliyun.com"),
    ("subject", "语雀空间 500人规模"),
    ("buyer_id", "2088102534368455"),
    ("invoice_amount", "0.10"),
    ("notify_id", "2019081500222155624068450559358070"),
    ("fund_bill_list", '[{"amount":"0.10","fundChannel":"ALIPAYACCOUNT"}]'),
    ("notify_type", "trade_status_sync"),
    ("trade_status", "TRADE_SUCCESS"),
    ("receipt_amount", "0.10"),
    ("buyer_pay_amount", "0.10"),
    ("sign_type", "RSA2"),
    ("app_id", "2019073166072302"),
    ("seller_id", "2088531891668739"),
    ("gmt_payment", "2019-08-15 15:56:24"),
    ("notify_time", "2019-08-15 15:56:25"),
    ("version", "1.0"),
    ("out_trade_no", "20190815155618536-564-57"),
    ("total_amount", "0.10"),
    ("trade_no", "2019081522001468450512505578"),
    ("auth_app_id", "2019073166072302"),
    ("buyer_logon_id", "xud***@126.com"),
    ("point_amount", "0.00"),
]
REAL_SIGN = ("QfTb8tqE1BMhS5qAnXtvsF3/jBkEvu9q9en0pdbBUDDjvKycZhQb7h8GDs4FKfi049PynaNuatxSgLb/nLWZpXyyh0LEWdK2S6Ri7nPwr"
             "VgOs08zugLO20vOQz44y3ti2Ncm8/wZts1Fr2gZ7pShnVX3d1B50hbsXnObT1r/U8ONNQjWXd0HIul4TG+Q3fm3svmSvFEy0WnzuhcyHPX"
             "5Gm4ELNctL6Qd5YniGJFNcc7kopHYtI/XD9YCKCH6Ct02rzUs9i11C9CsadtZn+WhxF26Dqt9sGEFajkJ8cxUTLi8+VCpLHsgPE8P0y095uQ"
             "cDdK0YjCh4x7wVSov+lrmOQ==")
(HERE / "alipay-sdk-nodejs").mkdir(exist_ok=True)
(HERE / "alipay-sdk-nodejs" / "trade-status-sync.form").write_text(
    body(REAL + [("sign", REAL_SIGN)]), encoding="ascii")
