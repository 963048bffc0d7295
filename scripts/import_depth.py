"""Print the longest chains of imports between the modules of ``desktop_app/ui``.

Every static import counts, type-only ones included, so a wing that imports another's
widget only to name its type still shows. ``--max N`` exits 1 when a chain is longer
than N modules (the test suite holds the Qt layer to it).
"""

from __future__ import annotations

import argparse
import ast
import functools
import sys
from pathlib import Path

PACKAGE = "desktop_app.ui"


def imports_between(root: Path) -> dict[str, set[str]]:
    """Each module of the package at ``root`` with the package's modules it imports."""
    modules: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join((PACKAGE, *parts)).removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        modules[name] = {m for m in found if m.startswith(PACKAGE + ".")}
    return modules


def longest_chains(modules: dict[str, set[str]], count: int = 5) -> list[list[str]]:
    """The ``count`` longest import chains, one from each module (the graph has no cycles)."""

    @functools.cache
    def longest(module: str) -> tuple[str, ...]:
        best: tuple[str, ...] = (module,)
        for imported in sorted(modules.get(module, ())):
            if imported in modules and imported != module:
                chain = (module, *longest(imported))
                if len(chain) > len(best):
                    best = chain
        return best

    chains = sorted((list(longest(m)) for m in modules), key=len, reverse=True)
    return chains[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=None, help="fail above this many modules")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent / "desktop_app" / "ui"
    chains = longest_chains(imports_between(root))
    for chain in chains:
        short = (m.removeprefix(PACKAGE + ".") for m in chain)
        print(f"{len(chain)}  {' -> '.join(short)}")
    if args.max is not None and chains and len(chains[0]) > args.max:
        print(f"the longest chain has {len(chains[0])} modules, more than {args.max}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
