"""SQL functions whose spelling differs between SQLite and PostgreSQL.

SQLite's ``lower()`` folds ASCII only, so each SQLite connection gets a Python
``casefold`` (``engine.make_engine``); PostgreSQL's ``lower()`` folds all of Unicode
under the database's UTF-8 locale and is used there. ``instr`` is ``strpos`` on
PostgreSQL. The queries are written once, with these.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class casefold(FunctionElement[str]):  # noqa: N801 (an SQL function's name)
    type = String()
    name = "casefold"
    inherit_cache = True


class instr(FunctionElement[int]):  # noqa: N801
    type = Integer()
    name = "instr"
    inherit_cache = True


@compiles(casefold)
def _casefold_sqlite(element: casefold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"casefold({compiler.process(element.clauses, **kw)})"


@compiles(casefold, "postgresql")
def _casefold_postgresql(element: casefold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(instr)
def _instr_sqlite(element: instr, compiler: SQLCompiler, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(instr, "postgresql")
def _instr_postgresql(element: instr, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"
