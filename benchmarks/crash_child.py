"""A writer for the crash benchmark to kill: creates (or opens) a meeting, then appends forever,
printing each acknowledged sequence number."""

import asyncio
import sys
from pathlib import Path

from dais.console.record.journal import Journal
from dais.console.room.programme import shipped_programme
from dais.models import FloorRequested, RequestWithdrawn


async def main(path: Path) -> None:
    programme = shipped_programme()
    print("go", flush=True)
    journal = await Journal.create_or_open(path, programme)
    print("created", flush=True)
    n = 0
    while True:
        n += 1
        event = FloorRequested(participant_id="KEN") if n % 2 else RequestWithdrawn(request=n - 1)
        entry = await journal.append(event, float(n))
        sys.stdout.write(f"{entry.seq}\n")
        sys.stdout.flush()


asyncio.run(main(Path(sys.argv[1])))
