#!/usr/bin/env python3
"""Fails when a module of core/ includes a module it may not depend on.

core/ is one library, so the linker cannot keep its modules apart; this check does. A module may
include its own headers and those of modules in lower layers only, which keeps the module graph free
of cycles (DESIGN.md §1: dependencies point one way).

usage: check_core_modules.py CORE_DIR
"""

import pathlib
import re
import sys

# Lower layers first. A module may include the modules of the layers below its own, never those of its
# own layer or above.
LAYERS = [
    ["common"],
    ["money"],
    ["alipay"],
    ["vault"],
    ["config", "store"],
    ["notify", "receipt", "security", "people", "demo", "reconcile", "report", "backup"],
    ["payment"],
    ["setup"],
]

# (from, to): includes against the direction that are known and being removed, with the reason.
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"/]+)/', re.MULTILINE)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    core = pathlib.Path(argv[1])
    layer_of = {module: i for i, layer in enumerate(LAYERS) for module in layer}
    problems = []
    used_exceptions = set()
    for path in sorted(core.rglob("*")):
        if path.suffix not in (".h", ".cpp") or not path.is_file():
            continue
        module = path.relative_to(core).parts[0]
        if module not in layer_of:
            problems.append(f"{path}: module \"{module}\" is not in the layer table of {argv[0]}")
            continue
        text = path.read_text(encoding="utf-8")
        for match in INCLUDE.finditer(text):
            target = match.group(1)
            line = text.count("\n", 0, match.start()) + 1
            where = f"{path}:{line}"
            if target == module:
                continue
            if target not in layer_of:
                if (core / target).is_dir():
                    problems.append(f"{where}: module \"{target}\" is not in the layer table")
                else:
                    # Not a core module: app/, ui/ or sandbox/ headers have no business in core.
                    problems.append(f"{where}: core includes \"{target}/...\", which is not part of core")
                continue
            if layer_of[target] < layer_of[module]:
                continue
            if (module, target) in KNOWN_EXCEPTIONS:
                used_exceptions.add((module, target))
                continue
            allowed = ", ".join(m for layer in LAYERS[: layer_of[module]] for m in layer) or "nothing"
            problems.append(f"{where}: {module} may not include {target} ({module} may include: {allowed})")
    for exception in sorted(set(KNOWN_EXCEPTIONS) - used_exceptions):
        print(f"note: the known exception {exception[0]} -> {exception[1]} is gone; delete it from "
              f"KNOWN_EXCEPTIONS", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} include(s) against the module layers", file=sys.stderr)
        return 1
    print("core module layers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
