"""A fork server for the crash test: one interpreter start, then a writer per fork.

Run as ``python -m tests.helpers.db_fork_writer DB``. For each line (a label) read on
stdin it forks a child that opens ``DB`` and adds annotations forever
(``db_writer.write_annotations``), printing "child PID", then the child's "ready"
and ids; it waits for the child to die (the test SIGKILLs it) and prints
"reaped PID". Everything the child printed precedes that line in the pipe. A fork of
this single-threaded process costs milliseconds where a new interpreter costs ~0.6 s,
so a thousand kills fit in the slow suite.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from tests.helpers.db_writer import write_annotations


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    for line in sys.stdin:
        label = line.strip()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                write_annotations(path, -1, label)
            except BaseException:  # a writer that fails by itself: say why on stderr
                traceback.print_exc()
                sys.stderr.flush()
                os._exit(1)
            os._exit(0)
        print(f"child {pid}", flush=True)
        os.waitpid(pid, 0)
        print(f"reaped {pid}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
