#!/usr/bin/env python3
"""Time ``sectrack publish`` (whole process, as a user runs it) on the bundled corpus and on a prefix
of the benchmark store's releases (bench/store_generate.py).

    python bench/publish_run.py corpus                 # full publish from nothing; incremental after v55.0
    python bench/publish_run.py store --releases 5 10 20 40

For the corpus: a store with v52.0-v55.0 published into an empty folder (full), then a store with
v52.0-v54.0 published, v55.0 added and published again (incremental: the time of the second run).
For the benchmark store: the first N releases loaded and published from nothing, for each N, with the
number of changed document versions (redlines) they hold, so the growth of the time with them shows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "releases"
STORE_DATA = ROOT / "bench" / "data" / "store" / "releases"


def sectrack(*args: str) -> tuple[float, float]:
    """Run the sectrack program; its wall time and its processor time (its workers' included), in
    seconds. On a machine other work shares, the processor time is the steadier of the two."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sectrack.cli", *args], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return round(wall, 2), round(cpu, 2)


def load(db: Path, manifests: list[Path]) -> None:
    from sectrack.store import Store

    st = Store.open(f"sqlite:///{db}", create=True)
    for m in manifests:
        st.add_release(str(m))
    st.close()


def ordered(folder: Path) -> list[Path]:
    from sectrack.release.source import version_key

    return sorted(folder.glob("*.yaml"), key=lambda p: version_key(p.stem))


def corpus(work: Path) -> dict[str, float]:
    manifests = ordered(CORPUS)
    load(work / "all.db", manifests)
    full = sectrack("publish", "--quiet", "--store", str(work / "all.db"), "-o", str(work / "full"))
    load(work / "grow.db", manifests[:-1])
    sectrack("publish", "--quiet", "--store", str(work / "grow.db"), "-o", str(work / "grow"))
    load(work / "grow.db", manifests[-1:])
    incremental = sectrack("publish", "--quiet", "--store", str(work / "grow.db"), "-o", str(work / "grow"))
    again = sectrack("publish", "--quiet", "--store", str(work / "grow.db"), "-o", str(work / "grow"))
    return {"full_wall_cpu_s": full, "incremental_wall_cpu_s": incremental, "nothing_new_wall_cpu_s": again,
            "load_average": os.getloadavg()[0]}


def store(work: Path, counts: list[int]) -> list[dict[str, float]]:
    import yaml

    manifests = ordered(STORE_DATA)
    rows = []
    for n in counts:
        chosen = manifests[:n]
        changed = sum(len(yaml.safe_load(m.read_text())["documents"]) for m in chosen[1:])
        db, out = work / f"s{n}.db", work / f"s{n}"
        load(db, chosen)
        seconds = sectrack("publish", "--quiet", "--store", str(db), "-o", str(out))
        load(db, manifests[n:n + 1])
        incremental = sectrack("publish", "--quiet", "--store", str(db), "-o", str(out))
        rows.append({"releases": n, "changed_versions": changed, "full_wall_cpu_s": seconds,
                     "cpu_per_changed_version_s": round(seconds[1] / max(changed, 1), 2),
                     "incremental_wall_cpu_s": incremental, "load_average": os.getloadavg()[0]})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["corpus", "store"])
    parser.add_argument("--releases", type=int, nargs="*", default=[5, 10, 20])
    args = parser.parse_args()
    os.environ.setdefault("SECTRACK_STORE", "")
    with tempfile.TemporaryDirectory(prefix="sectrack-bench-") as tmp:
        if args.what == "corpus":
            print(json.dumps(corpus(Path(tmp))))
        else:
            if not STORE_DATA.is_dir():
                sys.exit("no benchmark store: run python bench/store_generate.py first")
            store(Path(tmp), args.releases)


if __name__ == "__main__":
    main()
