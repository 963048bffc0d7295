"""A separate process that edits the same few notes over and over, as an analyst would.

Run as ``python -m tests.helpers.note_editor LOCATION LABEL FIRST COUNT SEED NOTE_ID...``.
Edit ``i`` (FIRST <= i < COUNT) reads a note, waits a moment (the analyst typing), then
saves either an appended token ``LABEL-i;`` to its text or a new colour, based on the
copy it read. Before saving it prints ``try NOTE TOKEN``; after the commit ``ok NOTE
TOKEN merged|plain`` (acknowledged: it must survive), or ``conflict NOTE TOKEN`` when
the store refused it as stale. The no-lost-update test kills it at random and starts it
again from the next edit.
"""

from __future__ import annotations

import random
import sys
import time

from desktop_app.core.annotations import Colour
from desktop_app.core.storage import open_database
from desktop_app.core.storage.conflicts import EditConflict


def main(argv: list[str]) -> int:
    location, label, first, count, seed = argv[0], argv[1], int(argv[2]), int(argv[3]), argv[4]
    ids = argv[5:]
    rng = random.Random(f"{seed}-{first}")
    with open_database(location) as db:
        for i in range(first, count):
            note_id = rng.choice(ids)
            before = db.annotations.get(note_id)
            assert before is not None
            time.sleep(rng.random() * 0.004)
            token = f"{label}-{i};"
            if rng.random() < 0.25:
                after = before.edited(colour=rng.choice(list(Colour)))
                token = f"{label}-{i}:colour"
            else:
                after = before.edited(note=before.note + token)
            print(f"try {note_id} {token}", flush=True)
            try:
                stored = db.annotations.update(after, base=before)
            except EditConflict:
                print(f"conflict {note_id} {token}", flush=True)
                continue
            how = "merged" if stored.version != before.version + 1 else "plain"
            print(f"ok {note_id} {token} {how}", flush=True)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
