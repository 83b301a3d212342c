#include "alipay/ResponseScanner.h"

#include <QTest>

using counterpay::Error;
using counterpay::alipay::ResponseScanner;
using counterpay::alipay::ScannedReply;
using namespace Qt::StringLiterals;

namespace {

constexpr QByteArrayView kMember = "alipay_trade_query_response";

// '@' stands for the quoted response member name, to keep the rows readable.
QByteArray reply(QByteArray text)
{
    return text.replace('@', "\"alipay_trade_query_response\"");
}

} // namespace

class TestResponseScanner : public QObject
{
    Q_OBJECT

private slots:
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void nestingLimit();
    void unquote_data();
    void unquote();
    void unquoteRejects_data();
    void unquoteRejects();
};

void TestResponseScanner::accepted_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("node");
    QTest::addColumn<bool>("isString");
    QTest::addColumn<bool>("isError");
    QTest::addColumn<QString>("sign"); // null: no sign member
    QTest::addColumn<QString>("certSn");

    QTest::newRow("plain") << reply(R"({@:{"code":"10000","msg":"Success"},"sign":"c2ln"})")
                           << QByteArray(R"({"code":"10000","msg":"Success"})") << false << false << u"c2ln"_s
                           << QString();
    QTest::newRow("escaped slashes stay escaped")
        << reply(R"({@:{"qr_code":"https:\/\/qr.alipay.com\/bax1"},"sign":"s"})")
        << QByteArray(R"({"qr_code":"https:\/\/qr.alipay.com\/bax1"})") << false << false << u"s"_s << QString();
    QTest::newRow("unicode escapes stay escaped")
        << reply(R"({@:{"store":"\u4e2d\u5173\u6751 \ud83d\ude00"},"sign":"s"})")
        << QByteArray(R"({"store":"\u4e2d\u5173\u6751 \ud83d\ude00"})") << false << false << u"s"_s << QString();
    QTest::newRow("raw UTF-8 stays") << reply("{@:{\"store\":\"中关村\"},\"sign\":\"s\"}")
                                     << QByteArray("{\"store\":\"中关村\"}") << false << false << u"s"_s << QString();
    QTest::newRow("closing brace inside a string")
        << reply(R"({@:{"a":"}}}","b":"{"},"sign":"s"})") << QByteArray(R"({"a":"}}}","b":"{"})") << false << false
        << u"s"_s << QString();
    QTest::newRow("sign text inside a string")
        << reply(R"({@:{"memo":"\"sign\":\"forged\"}"},"sign":"real"})")
        << QByteArray(R"({"memo":"\"sign\":\"forged\"}"})") << false << false << u"real"_s << QString();
    QTest::newRow("sign member inside the node")
        << reply(R"({@:{"sign":"inner","code":"10000"},"sign":"outer"})")
        << QByteArray(R"({"sign":"inner","code":"10000"})") << false << false << u"outer"_s << QString();
    QTest::newRow("escaped backslash before a quote")
        << reply(R"({@:{"path":"C:\\","n":"\\\"}"},"sign":"s"})") << QByteArray(R"({"path":"C:\\","n":"\\\"}"})")
        << false << false << u"s"_s << QString();
    QTest::newRow("whitespace between tokens")
        << reply("\r\n { @ :\t{ \"a\" : [ 1 , 2 ] } ,\n \"sign\" : \"s\" } \n") << QByteArray("{ \"a\" : [ 1 , 2 ] }")
        << false << false << u"s"_s << QString();
    QTest::newRow("nested objects and arrays")
        << reply(R"({@:{"a":[1,-2.5e+3,0,0.5,1E-2,true,false,null,{"b":[[],{}]},"]"],"c":{"d":{"e":"}"}}},"sign":"s"})")
        << QByteArray(R"({"a":[1,-2.5e+3,0,0.5,1E-2,true,false,null,{"b":[[],{}]},"]"],"c":{"d":{"e":"}"}}})") << false
        << false << u"s"_s << QString();
    QTest::newRow("empty node, no sign") << reply(R"({@:{}})") << QByteArray("{}") << false << false << QString()
                                         << QString();
    QTest::newRow("error_response without sign")
        << QByteArray(R"({"error_response":{"code":"40002","sub_code":"isv.invalid-app-id"}})")
        << QByteArray(R"({"code":"40002","sub_code":"isv.invalid-app-id"})") << false << true << QString() << QString();
    QTest::newRow("error_response with sign")
        << QByteArray(R"({"error_response":{"code":"40002"},"sign":"s"})") << QByteArray(R"({"code":"40002"})") << false
        << true << u"s"_s << QString();
    QTest::newRow("response member preferred to error_response")
        << reply(R"({"error_response":{"code":"40002"},@:{"code":"10000"},"sign":"s"})")
        << QByteArray(R"({"code":"10000"})") << false << false << u"s"_s << QString();
    QTest::newRow("cert sn before sign")
        << reply(R"({@:{"code":"10000"},"alipay_cert_sn":"4538e7d736df316c15435d5f9d3a8a1f","sign":"s"})")
        << QByteArray(R"({"code":"10000"})") << false << false << u"s"_s << u"4538e7d736df316c15435d5f9d3a8a1f"_s;
    QTest::newRow("cert sn after sign") << reply(R"({@:{"code":"10000"},"sign":"s","alipay_cert_sn":"abc"})")
                                        << QByteArray(R"({"code":"10000"})") << false << false << u"s"_s << u"abc"_s;
    QTest::newRow("sign before the node") << reply(R"({"sign":"s",@:{"code":"10000"}})")
                                          << QByteArray(R"({"code":"10000"})") << false << false << u"s"_s << QString();
    QTest::newRow("sign value unescaped") << reply(R"({@:{},"sign":"ab\/cd\u002B=="})") << QByteArray("{}") << false
                                          << false << u"ab/cd+=="_s << QString();
    QTest::newRow("AES text node") << reply(R"({@:"4AOYHE0rpPnR/ngh+unsGo==","sign":"s"})")
                                   << QByteArray(R"("4AOYHE0rpPnR/ngh+unsGo==")") << true << false << u"s"_s
                                   << QString();
    QTest::newRow("AES text node with escaped slash")
        << reply(R"({@:"4AOYHE0rpPnR\/ngh+unsGo==","sign":"s"})") << QByteArray(R"("4AOYHE0rpPnR\/ngh+unsGo==")")
        << true << false << u"s"_s << QString();
    QTest::newRow("other members ignored") << reply(R"({"x":1,@:{"a":1},"y":[{"z":"}"}],"sign":"s"})")
                                           << QByteArray(R"({"a":1})") << false << false << u"s"_s << QString();
    QTest::newRow("same name nested in the node")
        << reply(R"({@:{"code":"10000",@:"test"},"sign":"s"})") << reply(R"({"code":"10000",@:"test"})") << false
        << false << u"s"_s << QString();
    QTest::newRow("GBK bytes inside strings")
        << reply("{@:{\"sub_msg\":\"\xBD\xBB\xD2\xD7\xB2\xBB\xB4\xE6\xD4\xDA\"},\"sign\":\"s\"}")
        << QByteArray("{\"sub_msg\":\"\xBD\xBB\xD2\xD7\xB2\xBB\xB4\xE6\xD4\xDA\"}") << false << false << u"s"_s
        << QString();
}

void TestResponseScanner::accepted()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, node);
    QFETCH(bool, isString);
    QFETCH(bool, isError);
    QFETCH(QString, sign);
    QFETCH(QString, certSn);

    const auto scanned = ResponseScanner::scan(body, kMember);
    QVERIFY2(scanned.ok(), qPrintable(scanned.ok() ? QString() : scanned.error().toString()));
    QCOMPARE(scanned->rawNode, node);
    // The span is the received bytes themselves, not a re-serialisation.
    QCOMPARE(body.mid(scanned->nodeOffset, scanned->rawNode.size()), node);
    QCOMPARE(scanned->nodeKind == ScannedReply::NodeKind::String, isString);
    QCOMPARE(scanned->isErrorResponse, isError);
    QCOMPARE(scanned->member, isError ? QByteArray("error_response") : kMember.toByteArray());
    QCOMPARE(scanned->sign.has_value(), !sign.isNull());
    if (scanned->sign)
        QCOMPARE(*scanned->sign, sign);
    QCOMPARE(scanned->certSn.has_value(), !certSn.isNull());
    if (scanned->certSn)
        QCOMPARE(*scanned->certSn, certSn);
}

void TestResponseScanner::rejected_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Error::Category>("category");

    const auto gateway = Error::Category::Gateway;
    const auto security = Error::Category::Security;
    QTest::newRow("empty") << QByteArray() << gateway;
    QTest::newRow("only whitespace") << QByteArray(" \n ") << gateway;
    QTest::newRow("an array") << QByteArray(R"([{"alipay_trade_query_response":{}}])") << gateway;
    QTest::newRow("a string") << QByteArray(R"("alipay_trade_query_response")") << gateway;
    QTest::newRow("null") << QByteArray("null") << gateway;
    QTest::newRow("HTML error page") << QByteArray("<html><body>502 Bad Gateway</body></html>") << gateway;
    QTest::newRow("byte order mark") << reply("\xEF\xBB\xBF{@:{}}") << gateway;
    QTest::newRow("truncated after the node") << reply(R"({@:{"code":"10000"})") << gateway;
    QTest::newRow("truncated in the node") << reply(R"({@:{"code":"10000")") << gateway;
    QTest::newRow("truncated in a string") << reply(R"({@:{"code":"100)") << gateway;
    QTest::newRow("truncated in an escape") << reply(R"({@:{"code":"\)") << gateway;
    QTest::newRow("truncated in a \\u escape") << reply(R"({@:{"code":"\u00)") << gateway;
    QTest::newRow("truncated after the colon") << reply(R"({@:)") << gateway;
    QTest::newRow("truncated after the name") << reply(R"({@)") << gateway;
    QTest::newRow("truncated at the start") << QByteArray("{") << gateway;
    QTest::newRow("truncated in sign") << reply(R"({@:{},"sign":"abc)") << gateway;
    QTest::newRow("unterminated string swallowing the end") << reply(R"({@:{"a":"x}})") << gateway;
    QTest::newRow("extra closing brace") << reply(R"({@:{"a":1}}},"sign":"s"})") << gateway;
    QTest::newRow("missing closing brace") << reply(R"({@:{"a":{"b":1},"sign":"s"})") << gateway;
    QTest::newRow("mismatched bracket") << reply(R"({@:{"a":[1}},"sign":"s"})") << gateway;
    QTest::newRow("data after the object") << reply(R"({@:{}} x)") << gateway;
    QTest::newRow("two objects") << reply(R"({@:{}}{@:{}})") << gateway;
    QTest::newRow("trailing comma") << reply(R"({@:{},})") << gateway;
    QTest::newRow("trailing comma in the node") << reply(R"({@:{"a":1,}})") << gateway;
    QTest::newRow("missing colon") << reply(R"({@{}})") << gateway;
    QTest::newRow("unquoted name") << QByteArray(R"({alipay_trade_query_response:{}})") << gateway;
    QTest::newRow("single quotes") << QByteArray(R"({'alipay_trade_query_response':{}})") << gateway;
    QTest::newRow("comment") << reply(R"({/* x */@:{}})") << gateway;
    QTest::newRow("invalid escape") << reply(R"({@:{"a":"\x41"}})") << gateway;
    QTest::newRow("lone high surrogate") << reply(R"({@:{"a":"\ud83d"}})") << gateway;
    QTest::newRow("lone low surrogate") << reply(R"({@:{"a":"\ude00"}})") << gateway;
    QTest::newRow("raw newline inside a string") << reply("{@:{\"a\":\"x\ny\"}}") << gateway;
    QTest::newRow("NUL byte between tokens") << reply(QByteArray("{@:{}\0}", 7)) << gateway;
    QTest::newRow("leading zero") << reply(R"({@:{"a":01}})") << gateway;
    QTest::newRow("bare minus") << reply(R"({@:{"a":-}})") << gateway;
    QTest::newRow("dot without digits") << reply(R"({@:{"a":1.}})") << gateway;
    QTest::newRow("exponent without digits") << reply(R"({@:{"a":1e}})") << gateway;
    QTest::newRow("plus sign") << reply(R"({@:{"a":+1}})") << gateway;
    QTest::newRow("misspelt literal") << reply(R"({@:{"a":tru}})") << gateway;
    QTest::newRow("capitalised literal") << reply(R"({@:{"a":True}})") << gateway;
    QTest::newRow("neither member") << QByteArray(R"({"alipay_trade_pay_response":{"code":"10000"},"sign":"s"})")
                                    << gateway;
    QTest::newRow("empty object") << QByteArray("{}") << gateway;
    QTest::newRow("node is a number") << reply(R"({@:10000,"sign":"s"})") << gateway;
    QTest::newRow("node is an array") << reply(R"({@:[{"code":"10000"}],"sign":"s"})") << gateway;
    QTest::newRow("node is null") << reply(R"({@:null,"sign":"s"})") << gateway;
    QTest::newRow("error_response is true") << QByteArray(R"({"error_response":true})") << gateway;
    QTest::newRow("sign is not text") << reply(R"({@:{},"sign":123})") << gateway;
    QTest::newRow("cert sn is not text") << reply(R"({@:{},"alipay_cert_sn":{},"sign":"s"})") << gateway;
    QTest::newRow("response member twice")
        << reply(R"({@:{"code":"10000","total_amount":"88.88"},@:{"code":"10000","total_amount":"0.01"},"sign":"s"})")
        << security;
    QTest::newRow("response member twice, second name escaped")
        << reply(R"({@:{"code":"10000"},"alipay_trade_query\u005fresponse":{"code":"10000"},"sign":"s"})") << security;
    QTest::newRow("response member twice, both escaped differently")
        << QByteArray(R"({"\u0061lipay_trade_query_response":{},"alipay_trade_query_respons\u0065":{},"sign":"s"})")
        << security;
    QTest::newRow("sign twice") << reply(R"({@:{},"sign":"a","sign":"b"})") << security;
    QTest::newRow("cert sn twice") << reply(R"({@:{},"alipay_cert_sn":"a","alipay_cert_sn":"b","sign":"s"})")
                                   << security;
    QTest::newRow("error_response twice") << QByteArray(R"({"error_response":{},"error_response":{}})") << security;
    QTest::newRow("unrelated member twice") << reply(R"({"x":1,@:{},"x":2})") << security;
}

void TestResponseScanner::rejected()
{
    QFETCH(QByteArray, body);
    QFETCH(Error::Category, category);
    const auto scanned = ResponseScanner::scan(body, kMember);
    QVERIFY2(!scanned.ok(), qPrintable(scanned.ok() ? QString::fromLatin1(scanned->rawNode) : QString()));
    QCOMPARE(scanned.error().category(), category);
    QVERIFY(!scanned.error().message().isEmpty());
}

void TestResponseScanner::nestingLimit()
{
    const auto nested = [](int depth) {
        return reply("{@:{\"a\":" + QByteArray(depth, '[') + QByteArray(depth, ']') + "}}");
    };
    // The node object itself is one level; arrays add the rest.
    QVERIFY(ResponseScanner::scan(nested(ResponseScanner::kMaxDepth - 1), kMember).ok());
    const auto tooDeep = ResponseScanner::scan(nested(ResponseScanner::kMaxDepth), kMember);
    QVERIFY(!tooDeep.ok());
    QCOMPARE(tooDeep.error().category(), Error::Category::Gateway);
    // Far beyond the limit: refused without recursion.
    QVERIFY(!ResponseScanner::scan(nested(1'000'000), kMember).ok());
}

void TestResponseScanner::unquote_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("plain") << QByteArray(R"("abc")") << QByteArray("abc");
    QTest::newRow("empty") << QByteArray(R"("")") << QByteArray();
    QTest::newRow("escaped slash") << QByteArray(R"("a\/b")") << QByteArray("a/b");
    QTest::newRow("short escapes") << QByteArray(R"("\"\\\b\f\n\r\t")") << QByteArray("\"\\\b\f\n\r\t");
    QTest::newRow("BMP escape") << QByteArray(R"("\u4e2D")") << QByteArray("中");
    QTest::newRow("two-byte escape") << QByteArray(R"("\u00e9")") << QByteArray("é");
    QTest::newRow("surrogate pair") << QByteArray(R"("\ud83d\ude00")") << QByteArray("\xF0\x9F\x98\x80");
    QTest::newRow("escaped NUL") << QByteArray(R"("a\u0000b")") << QByteArray("a\0b", 3);
    QTest::newRow("raw bytes pass") << QByteArray("\"\xBD\xBB\"") << QByteArray("\xBD\xBB");
}

void TestResponseScanner::unquote()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, text);
    const auto unquoted = ResponseScanner::unquote(token);
    QVERIFY2(unquoted.ok(), qPrintable(unquoted.ok() ? QString() : unquoted.error().toString()));
    QCOMPARE(*unquoted, text);
}

void TestResponseScanner::unquoteRejects_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("no quotes") << QByteArray("abc");
    QTest::newRow("unterminated") << QByteArray(R"("abc)");
    QTest::newRow("data after") << QByteArray(R"("abc"x)");
    QTest::newRow("bad escape") << QByteArray(R"("\q")");
    QTest::newRow("short \\u") << QByteArray(R"("\u12")");
    QTest::newRow("high surrogate then other escape") << QByteArray(R"("\ud83d\u0041")");
    QTest::newRow("empty input") << QByteArray();
}

void TestResponseScanner::unquoteRejects()
{
    QFETCH(QByteArray, token);
    QVERIFY(!ResponseScanner::unquote(token).ok());
}

QTEST_GUILESS_MAIN(TestResponseScanner)
#include "TestResponseScanner.moc"
