#!/usr/bin/env python3
"""Writes the trade bill fixtures of this folder (run it here after changing it; the outputs are checked in).

Alipay's trade bill (DESIGN.md §4) is a zip of two GBK CSV files whose entry names are GBK too, without
the zip UTF-8 flag. These are real-shaped: '#' header lines, the list markers, the 25 columns, ids
padded with a tab, refunds as negative rows, the totals and the export time, CRLF line ends. The
variations are the ways a bill can arrive broken or unusual.
"""

import pathlib
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
PID = "2088101122136241"
DAY = "20261126"
MARKER = "-" * 41

COLUMNS = ["支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员",
           "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）",
           "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号",
           "服务费（元）", "分润（元）", "备注"]


def row(trade_no, out_trade_no, kind, subject, created, completed, terminal, amount, received, request_no="",
        remark="", discount="0.00"):
    return {"支付宝交易号": trade_no + "\t", "商户订单号": out_trade_no + "\t", "业务类型": kind, "商品名称": subject,
            "创建时间": created, "完成时间": completed, "门店编号": "S01", "门店名称": "", "操作员": "C1",
            "终端号": terminal, "对方账户": "159****5620", "订单金额（元）": amount, "商家实收（元）": received,
            "支付宝红包（元）": "0.00", "集分宝（元）": "0.00", "支付宝优惠（元）": "0.00", "商家优惠（元）": discount,
            "券核销金额（元）": "0.00", "券名称": "", "商家红包消费金额（元）": "0.00", "卡消费金额（元）": "0.00",
            "退款批次号/请求号": request_no + "\t" if request_no else "", "服务费（元）": "0.00", "分润（元）": "0.00",
            "备注": remark}


ROWS = [
    row("2026112622001400000000000001", "T1-20261126-000001", "交易", "咖啡", "2026-11-26 09:15:02",
        "2026-11-26 09:15:20", "T1", "12.34", "12.34"),
    row("2026112622001400000000000002", "T1-20261126-000002", "交易", '拿铁, "大杯"', "2026-11-26 10:01:00",
        "2026-11-26 10:01:09", "T1", "5.00", "5.00"),
    row("2026112622001400000000000001", "T1-20261126-000001", "退款", "咖啡", "2026-11-26 09:15:02",
        "2026-11-26 11:30:45", "T1", "12.34", "-2.34", request_no="T1-20261126-000001-R1", remark="少找零"),
    row("2026112622001400000000000003", "WEB-889", "交易", "网店订单", "2026-11-26 20:00:00", "2026-11-26 20:00:31",
        "WEBSHOP", "7.77", "7.77"),
]


def field(value):
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def line(values):
    return ",".join(field(v) for v in values) + "\r\n"


def totals(rows):
    payments = [r for r in rows if r["业务类型"] == "交易"]
    refunds = [r for r in rows if r["业务类型"] == "退款"]

    def fen(text):
        whole, _, frac = text.lstrip("-").partition(".")
        value = int(whole) * 100 + int((frac + "00")[:2])
        return -value if text.startswith("-") else value

    def yuan(value):
        sign = "-" if value < 0 else ""
        return "%s%d.%02d" % (sign, abs(value) // 100, abs(value) % 100)

    paid = sum(fen(r["商家实收（元）"]) for r in payments)
    refunded = sum(fen(r["商家实收（元）"]) for r in refunds)
    return (len(payments), yuan(paid), len(refunds), yuan(refunded))


def detail(rows=ROWS, columns=COLUMNS, header=None, totals_override=None, footer=True, export=True):
    text = "#支付宝业务明细查询\r\n"
    text += "#账号：[%s0156]\r\n" % PID
    text += "#起始日期：[2026年11月26日 00:00:00]   终止日期：[2026年11月27日 00:00:00]\r\n"
    text += "#" + MARKER + "业务明细列表" + MARKER[:-1] + "\r\n"
    text += line(header or columns)
    for r in rows:
        text += line([r.get(c, "") for c in columns])
    if not footer:
        return text
    text += "#" + MARKER + "业务明细列表结束" + MARKER[:-5] + "\r\n"
    payments, paid, refunds, refunded = totals_override or totals(rows)
    text += "#交易合计：%d笔，商家实收共%s元，商家优惠共0.00元\r\n" % (payments, paid)
    text += "#退款合计：%d笔，商家实收退款共%s元，商家优惠退款共0.00元\r\n" % (refunds, refunded)
    if export:
        text += "#导出时间：[2026年11月27日 09:02:11]\r\n"
    return text


def summary():
    text = "#支付宝业务汇总查询\r\n#账号：[%s0156]\r\n" % PID
    text += "#起始日期：[2026年11月26日 00:00:00]   终止日期：[2026年11月27日 00:00:00]\r\n"
    text += "#" + MARKER + "业务汇总列表" + MARKER[:-1] + "\r\n"
    text += ("门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,"
             "卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）\r\n")
    text += "S01,,3,1,25.11,22.77,0.00,0.00,0.00,0.00,0.00,22.77\r\n"
    text += "合计,,3,1,25.11,22.77,0.00,0.00,0.00,0.00,0.00,22.77\r\n"
    text += "#" + MARKER + "业务汇总列表结束" + MARKER[:-5] + "\r\n#导出时间：[2026年11月27日 09:02:11]\r\n"
    return text


class GbkName(zipfile.ZipInfo):
    """An entry whose name is stored in GBK without the UTF-8 flag, as Alipay stores it."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def write_zip(name, entries, gbk_names=True):
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry_name, data in entries:
            info = (GbkName if gbk_names else zipfile.ZipInfo)(entry_name, date_time=(2026, 11, 27, 9, 2, 11))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def gbk(text):
    return text.encode("gbk")


def main():
    detail_name = "%s_%s_业务明细.csv" % (PID, DAY)
    summary_name = "%s_%s_业务明细(汇总).csv" % (PID, DAY)
    ok = detail()
    files = {
        "detail_ok.csv": gbk(ok),
        # Another column order, ASCII parentheses in the header: read by name all the same.
        "detail_reordered.csv": gbk(detail(columns=list(reversed(COLUMNS)),
                                           header=[c.replace("（", "(").replace("）", ")") for c in reversed(COLUMNS)])),
        "detail_empty_day.csv": gbk(detail(rows=[])),
        "detail_totals_mismatch.csv": gbk(detail(totals_override=(3, "25.12", 1, "-2.34"))),
        "detail_count_mismatch.csv": gbk(detail(totals_override=(3, "25.11", 2, "-2.34"))),
        "detail_no_totals.csv": gbk(detail(export=False).rsplit("#交易合计", 1)[0]),
        "detail_utf8_bom.csv": b"\xef\xbb\xbf" + ok.encode("utf-8"),
    }
    lines = gbk(ok).split(b"\r\n")
    # Cut in the middle of the third row (line 8): no end marker, no totals.
    files["detail_truncated.csv"] = b"\r\n".join(lines[:7]) + b"\r\n" + lines[7][:40]
    # Cut inside the quoted subject of the second row (line 7).
    quoted = gbk('"拿铁, ""大')
    files["detail_truncated_quote.csv"] = gbk(ok)[:gbk(ok).index(quoted) + len(quoted)]
    bad = list(lines)
    bad[5] = bad[5].replace(b"12.34,12.34", b"12.345,12.34")
    files["detail_bad_amount.csv"] = b"\r\n".join(bad)
    bad = list(lines)
    bad[6] = bad[6].replace(gbk("拿铁"), b"\x81\x20")
    files["detail_bad_gbk.csv"] = b"\r\n".join(bad)
    files["detail_missing_column.csv"] = gbk(detail(columns=[c for c in COLUMNS if c != "终端号"]))
    positive = [dict(r) for r in ROWS]
    positive[2]["商家实收（元）"] = "2.34"
    files["detail_positive_refund.csv"] = gbk(detail(rows=positive, totals_override=(3, "25.11", 1, "2.34")))
    for name, data in files.items():
        (HERE / name).write_bytes(data)

    write_zip("day.csv.zip", [(detail_name, gbk(ok)), (summary_name, gbk(summary()))])
    write_zip("day_utf8_names.csv.zip", [(detail_name, gbk(ok)), (summary_name, gbk(summary()))], gbk_names=False)
    write_zip("summary_only.csv.zip", [(summary_name, gbk(summary()))])
    write_zip("two_details.csv.zip", [(detail_name, gbk(ok)), ("copy/" + detail_name, gbk(ok))])
    # 4 MiB of comment lines that deflate to a few KB: refused under a small cap.
    write_zip("large.csv.zip", [(detail_name, gbk(ok) + b"#" + b" " * (4 * 1024 * 1024) + b"\r\n")])


if __name__ == "__main__":
    main()
