#include "alipay/ResponseScanner.h"

#include "common/Utf8.h"

#include <QCoreApplication>
#include <QSet>

#include <vector>

namespace counterpay::alipay {

namespace {

constexpr QByteArrayView kErrorResponse = "error_response";
constexpr QByteArrayView kSign = "sign";
constexpr QByteArrayView kCertSn = "alipay_cert_sn";

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(QByteArray& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// RFC 8259 JSON, read byte by byte. Bytes >= 0x80 inside strings pass untouched: a reply in GBK is
// scanned (and verified) as received and decoded only afterwards.
class JsonCursor
{
public:
    explicit JsonCursor(QByteArrayView text)
        : m_text(text)
    {}

    qsizetype pos() const { return m_pos; }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    const char* failure() const { return m_failure; }
    qsizetype failureAt() const { return m_failureAt; }

    void skipSpace()
    {
        while (!atEnd() && isJsonSpace(m_text[m_pos]))
            ++m_pos;
    }

    bool expect(char c, const char* failure)
    {
        skipSpace();
        if (peek() != c || atEnd())
            return fail(failure);
        ++m_pos;
        return true;
    }

    // A string token at the cursor; its unescaped bytes go to `decoded` when given.
    bool string(QByteArray* decoded)
    {
        if (peek() != '"' || atEnd())
            return fail("expected a string");
        ++m_pos;
        while (!atEnd()) {
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return fail("control character inside a string");
            if (c != '\\') {
                if (decoded)
                    *decoded += static_cast<char>(c);
                ++m_pos;
                continue;
            }
            if (!escape(decoded))
                return false;
        }
        return fail("unterminated string");
    }

    // Any JSON value at the cursor, validated and skipped. Iterative, so hostile nesting cannot
    // exhaust the stack.
    bool value()
    {
        std::vector<char> open; // '{' or '[' for each container not yet closed
        for (;;) {
            skipSpace();
            const char c = peek();
            if (atEnd())
                return fail("unexpected end of input");
            bool scalarDone = true;
            if (c == '{' || c == '[') {
                if (open.size() >= static_cast<size_t>(ResponseScanner::kMaxDepth))
                    return fail("nested too deeply");
                ++m_pos;
                skipSpace();
                const char close = c == '{' ? '}' : ']';
                if (peek() == close && !atEnd()) {
                    ++m_pos;
                } else {
                    open.push_back(c);
                    if (c == '{' && !memberName())
                        return false;
                    scalarDone = false;
                }
            } else if (c == '"') {
                if (!string(nullptr))
                    return false;
            } else if (c == '-' || isDigit(c)) {
                if (!number())
                    return false;
            } else if (!literal("true") && !literal("false") && !literal("null")) {
                return fail("unexpected character");
            }
            if (!scalarDone)
                continue;

            // A value ended: close what it completes, or move to the next element.
            for (;;) {
                if (open.empty())
                    return true;
                skipSpace();
                const char next = peek();
                if (atEnd())
                    return fail("unexpected end of input");
                if (next == ',') {
                    ++m_pos;
                    if (open.back() == '{' && !memberName())
                        return false;
                    break;
                }
                if ((open.back() == '{' && next == '}') || (open.back() == '[' && next == ']')) {
                    ++m_pos;
                    open.pop_back();
                    continue;
                }
                return fail("expected ',' or a closing bracket");
            }
        }
    }

private:
    bool fail(const char* failure)
    {
        m_failure = failure;
        m_failureAt = m_pos;
        return false;
    }

    bool memberName()
    {
        skipSpace();
        if (!string(nullptr))
            return false;
        return expect(':', "expected ':' after a member name");
    }

    bool literal(QByteArrayView word)
    {
        if (!m_text.sliced(m_pos).startsWith(word))
            return false;
        m_pos += word.size();
        return true;
    }

    bool number()
    {
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (isDigit(peek()) && !atEnd()) {
            while (isDigit(peek()) && !atEnd())
                ++m_pos;
        } else {
            return fail("malformed number");
        }
        if (peek() == '.' && !atEnd()) {
            ++m_pos;
            if (!isDigit(peek()) || atEnd())
                return fail("malformed number");
            while (isDigit(peek()) && !atEnd())
                ++m_pos;
        }
        if ((peek() == 'e' || peek() == 'E') && !atEnd()) {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!isDigit(peek()) || atEnd())
                return fail("malformed number");
            while (isDigit(peek()) && !atEnd())
                ++m_pos;
        }
        return true;
    }

    bool hex4(char32_t& unit)
    {
        if (m_text.size() - m_pos < 4)
            return fail("truncated \\u escape");
        unit = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hexValue(m_text[m_pos + i]);
            if (digit < 0)
                return fail("malformed \\u escape");
            unit = unit * 16 + static_cast<char32_t>(digit);
        }
        m_pos += 4;
        return true;
    }

    // The cursor is on a backslash inside a string.
    bool escape(QByteArray* decoded)
    {
        ++m_pos;
        if (atEnd())
            return fail("unterminated string");
        const char e = m_text[m_pos++];
        char plain = 0;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            plain = e;
            break;
        case 'b':
            plain = '\b';
            break;
        case 'f':
            plain = '\f';
            break;
        case 'n':
            plain = '\n';
            break;
        case 'r':
            plain = '\r';
            break;
        case 't':
            plain = '\t';
            break;
        case 'u': {
            char32_t unit = 0;
            if (!hex4(unit))
                return false;
            if (unit >= 0xDC00 && unit <= 0xDFFF)
                return fail("lone low surrogate in \\u escape");
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                char32_t low = 0;
                if (!m_text.sliced(m_pos).startsWith("\\u"))
                    return fail("lone high surrogate in \\u escape");
                m_pos += 2;
                if (!hex4(low))
                    return false;
                if (low < 0xDC00 || low > 0xDFFF)
                    return fail("lone high surrogate in \\u escape");
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
            if (decoded)
                appendUtf8(*decoded, unit);
            return true;
        }
        default:
            return fail("invalid escape in a string");
        }
        if (decoded)
            *decoded += plain;
        return true;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    const char* m_failure = nullptr;
    qsizetype m_failureAt = -1;
};

Error malformed(const JsonCursor& cursor)
{
    return Error::gateway(ResponseScanner::tr("the gateway's reply is not a well-formed JSON object"),
                          QStringLiteral("%1 at byte %2")
                              .arg(QString::fromLatin1(cursor.failure()), QString::number(cursor.failureAt())));
}

struct Span
{
    qsizetype begin = -1;
    qsizetype end = -1;
    bool found() const { return begin >= 0; }
};

} // namespace

Result<ScannedReply> ResponseScanner::scan(QByteArrayView body, QByteArrayView responseMember)
{
    JsonCursor cursor(body);
    if (!cursor.expect('{', "the reply does not start with '{'"))
        return malformed(cursor);

    QSet<QByteArray> seen;
    Span node;
    Span errorNode;
    Span sign;
    Span certSn;
    cursor.skipSpace();
    if (cursor.peek() == '}' && !cursor.atEnd()) {
        cursor.expect('}', "");
    } else {
        for (;;) {
            cursor.skipSpace();
            QByteArray name;
            if (!cursor.string(&name))
                return malformed(cursor);
            if (!cursor.expect(':', "expected ':' after a member name"))
                return malformed(cursor);
            // Names are compared unescaped: "x_response" and "x\u005fresponse" are the same member
            // to every JSON parser, so a second one is the same forgery.
            if (seen.contains(name))
                return Error::security(
                    tr("the gateway's reply holds the member \"%1\" twice; it is refused as a forgery")
                        .arg(QString::fromUtf8(name)),
                    QStringLiteral("second occurrence before byte %1").arg(cursor.pos()));
            seen.insert(name);

            cursor.skipSpace();
            const qsizetype begin = cursor.pos();
            if (!cursor.value())
                return malformed(cursor);
            const Span span{begin, cursor.pos()};
            if (name == responseMember)
                node = span;
            else if (name == kErrorResponse)
                errorNode = span;
            else if (name == kSign)
                sign = span;
            else if (name == kCertSn)
                certSn = span;

            cursor.skipSpace();
            if (cursor.peek() == ',' && !cursor.atEnd()) {
                cursor.expect(',', "");
                continue;
            }
            if (!cursor.expect('}', "expected ',' or '}' after a member"))
                return malformed(cursor);
            break;
        }
    }
    cursor.skipSpace();
    if (!cursor.atEnd())
        return Error::gateway(tr("the gateway's reply is not a well-formed JSON object"),
                              QStringLiteral("data after the object at byte %1").arg(cursor.pos()));

    ScannedReply reply;
    if (node.found()) {
        reply.member = responseMember.toByteArray();
    } else if (errorNode.found()) {
        node = errorNode;
        reply.member = kErrorResponse.toByteArray();
        reply.isErrorResponse = true;
    } else {
        return Error::gateway(tr("the gateway's reply holds neither \"%1\" nor \"error_response\"")
                                  .arg(QString::fromLatin1(responseMember)));
    }
    reply.rawNode = body.sliced(node.begin, node.end - node.begin).toByteArray();
    reply.nodeOffset = node.begin;
    if (reply.rawNode.startsWith('{'))
        reply.nodeKind = ScannedReply::NodeKind::Object;
    else if (reply.rawNode.startsWith('"'))
        reply.nodeKind = ScannedReply::NodeKind::String;
    else
        return Error::gateway(tr("the gateway's reply has \"%1\" that is neither an object nor an encrypted text")
                                  .arg(QString::fromLatin1(reply.member)));

    const auto textMember = [&](const Span& span, const char* name) -> Result<std::optional<QString>> {
        if (!span.found())
            return std::optional<QString>();
        auto text = unquote(body.sliced(span.begin, span.end - span.begin));
        if (!text)
            return Error::gateway(tr("the gateway's reply has a \"%1\" that is not text").arg(QLatin1String(name)));
        return std::optional<QString>(Utf8::decode(*text));
    };
    auto signText = textMember(sign, "sign");
    if (!signText)
        return signText.error();
    reply.sign = *signText;
    auto certSnText = textMember(certSn, "alipay_cert_sn");
    if (!certSnText)
        return certSnText.error();
    reply.certSn = *certSnText;
    return reply;
}

Result<QByteArray> ResponseScanner::unquote(QByteArrayView jsonString)
{
    JsonCursor cursor(jsonString);
    QByteArray decoded;
    if (!cursor.string(&decoded) || !cursor.atEnd())
        return Error::gateway(tr("expected one JSON text value"),
                              QString::fromLatin1(cursor.failure() ? cursor.failure() : "data after the text"));
    return decoded;
}

} // namespace counterpay::alipay
