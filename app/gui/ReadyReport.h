#pragma once

class QWidget;

namespace counterpay::gui {

// Opt-in start-up timing for benchmarks (tests/bench/gui): with COUNTERPAY_REPORT_READY=1 in the
// environment, prints one line to stderr when `window`'s first frame has been painted on its exposed
// window,
//
//   counterpay: ready 812.345 ms after main, epoch 1700000000.123456
//
// (the epoch in seconds, CLOCK_REALTIME, so a launcher can also count from its own exec). Call it once
// the window has everything it shows (in counterpay: the till loaded, the demo's sandbox listening)
// and before showing it. Without the variable it does nothing.
void reportReadyWhenShown(QWidget& window);

} // namespace counterpay::gui
