#pragma once

#include "common/Result.h"

#include <QString>

#include <functional>

namespace counterpay::demo {

// What the demo changes in the counterpay.ini that `counterpay-sandbox init` wrote, so that the
// sandbox's notifications reach the app's till at once (polling stays the source of truth):
//
//   [gateway] notify_url=http://127.0.0.1:N/alipay/notify
//   [notify]  enabled=true  port=N
//
// Everything else in the file (comments, keys a person added) stays as it is, and the file is only
// written when something changed. A port already configured is kept while it is free, so the file
// stays the same from one start to the next.
struct DemoWiring
{
    QString appId;          // [gateway] app_id
    quint16 notifyPort = 0; // where the till listens
    QString notifyUrl;      // what the sandbox posts to
    bool written = false;   // the file was changed
};

// `isFree(port)`: whether the till could listen on that port now; `pickFree()`: a free port (0 when
// none could be found).
struct PortProbe
{
    std::function<bool(quint16)> isFree;
    std::function<quint16()> pickFree;

    // Binds on loopback to find out.
    static PortProbe loopback();
};

Result<DemoWiring> wireNotifications(const QString& configPath, const PortProbe& ports = PortProbe::loopback());

} // namespace counterpay::demo
