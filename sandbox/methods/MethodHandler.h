#pragma once

#include "Acquirer.h"
#include "BillLinks.h"
#include "Environment.h"
#include "RequestAuthenticator.h"
#include "ResponseNode.h"

#include <QUrl>

namespace counterpay::sandbox {

// What one gateway call has to work with.
struct CallContext
{
    const GatewayCall& call;
    Acquirer& acquirer;
    const GatewayIdentity& gateway;
    BillLinks& bills;
    QUrl baseUrl; // how the client reached the sandbox: QR and bill links point back there

    // A biz_content field as text ("" when absent; numbers as written).
    QString biz(const char* key) const;
    QString appId() const { return call.app->appId; }
};

// One gateway method (alipay.trade.query, ...). Handlers answer with the response node; refusals
// are nodes too (40004 with Alipay's sub_code), never exceptions.
class MethodHandler
{
public:
    virtual ~MethodHandler() = default;
    virtual QString method() const = 0;
    virtual ResponseNode handle(CallContext& context) = 0;
};

} // namespace counterpay::sandbox
