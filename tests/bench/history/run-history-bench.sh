#!/bin/sh
# The history's queries, the day report and the closed-day check on a 1,000,000-order book, beside the
# sqlite3 command line on the same file (see README.md).
#
#   tests/bench/history/run-history-bench.sh [BOOK_DIR] [RUNS]
#
# BOOK_DIR (default build/bench-books) keeps the book between runs: make_book writes
# BOOK_DIR/history-1m.sqlite once (about a minute) and later runs reuse it. The book's path is printed
# so that other measurements (the app's start with a big book) can take the same file:
# `[counter] database=<that path>`. ORDERS and DAYS change the book's size (a new name for each).
# make_book and bench_history come from $BENCH_BUILD (default: the first build*/ that has them).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
dir=${1:-$root/build/bench-books}
runs=${2:-50}
orders=${ORDERS:-1000000}
days=${DAYS:-120}

find_tool() {
    for candidate in ${BENCH_BUILD:+"$BENCH_BUILD"/tests/bench/history/$1} "$root"/build/tests/bench/history/$1 \
        "$root"/build*/tests/bench/history/$1; do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return
        fi
    done
    echo "run-history-bench.sh: $1 not found; build it (cmake --build build --target $1) or set BENCH_BUILD" >&2
    exit 1
}
make_book=$(find_tool make_book)
bench=$(find_tool bench_history)

mkdir -p "$dir"
if [ "$orders" = 1000000 ] && [ "$days" = 120 ]; then
    book=$dir/history-1m.sqlite
else
    book=$dir/history-$orders-$days.sqlite
fi
if [ ! -f "$book" ]; then
    echo "making $book ($orders orders over $days days) ..."
    "$make_book" "$book" --orders "$orders" --days "$days"
fi
echo "book: $book ($(du -h "$book" | cut -f1))"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
"$bench" "$book" --runs "$runs"
