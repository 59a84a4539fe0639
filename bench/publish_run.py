#!/usr/bin/env python3
"""Time ``sectrack publish`` (whole process, as a user runs it) on the bundled corpus and on a prefix
of the benchmark store's releases (bench/store_generate.py).

    python bench/publish_run.py corpus                 # full publish from nothing; incremental after v55.0
    python bench/publish_run.py store --store-db /work/benchstore/store.db --releases 10 20 40 80

For the corpus: a store with v52.0-v55.0 published into an empty folder (full), then a store with
v52.0-v54.0 published, v55.0 added and published again (incremental: the time of the second run).
For the benchmark store (100 documents, 200 releases, built by bench/store_run.py; a copy is used, as
publishing caches comparisons in it): its first N releases published from nothing, for each N, then
release N+1 added and published again, with the number of changed document versions they hold, so
that the growth of the time with them shows; the notes' consistency checks allow the generator's
capitalised expressions, as bench/check.py does. Each publish is a process of its own, as ``sectrack
publish`` is, but publishing only the first N releases of the store (``Prefix``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "releases"


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


def corpus(work: Path) -> dict[str, Any]:
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


class Prefix:
    """A store's first ``n`` releases as a publishing source (the store as it stood after release n)."""

    def __init__(self, source: Any, n: int) -> None:
        self.source, self.n = source, n

    def releases(self) -> list[Any]:
        return self.source.releases()[:self.n]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.source, name)


PUBLISH_PREFIX = """
import sys
sys.path.insert(0, {bench!r})
from publish_run import Prefix
from sectrack.publish import publish
from sectrack.release.store_source import StoreSource
report = publish(Prefix(StoreSource.open({url!r}), {n}), {out!r}, jobs={jobs})
print(report.files, report.written, report.redlines)
"""


def publish_prefix(db: Path, n: int, out: Path, jobs: int) -> tuple[tuple[float, float], list[int]]:
    """Publish the first ``n`` releases of the store ``db`` into ``out``, as a process of its own:
    (wall, processor) seconds and the report's files, files written and redlines."""
    code = PUBLISH_PREFIX.format(bench=str(ROOT / "bench"), url=f"sqlite:///{db}", n=n, out=str(out), jobs=jobs)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return (round(wall, 1), round(cpu, 1)), [int(x) for x in done.stdout.split()]


def changed_versions(db: Path, n: int) -> int:
    """How many document versions the releases 2..n brought in (the first is the baseline)."""
    from sectrack.store import Store

    with Store.open(f"sqlite:///{db}") as st:
        return sum(1 for r in st.releases()[1:n] for c in r.changes if c.change != "removed")


def _added(rows: list[dict[str, Any]], changed: int, cpu: float) -> float | None:
    """Processor seconds per changed version added since the previous row (the growth's slope)."""
    if not rows or changed == rows[-1]["changed_versions"]:
        return None
    return round((cpu - rows[-1]["full_wall_cpu_s"][1]) / (changed - rows[-1]["changed_versions"]), 2)


def store(work: Path, built: Path, counts: list[int], jobs: int) -> list[dict[str, Any]]:
    from check import generated_allow  # bench/check.py: the generator's capitalised expressions allowed

    os.environ["SECTRACK_CHECK_CONFIG"] = str(generated_allow(work / "allow.yaml"))  # the notes' checks
    db = work / "store.db"
    shutil.copyfile(built, db)
    rows: list[dict[str, Any]] = []
    for n in counts:
        out = work / f"s{n}"
        changed = changed_versions(db, n)
        full, (files, _, redlines) = publish_prefix(db, n, out, jobs)
        incremental, (_, written, _) = publish_prefix(db, n + 1, out, jobs)
        rows.append({"releases": n, "changed_versions": changed, "redlines": redlines, "files": files,
                     "full_wall_cpu_s": full, "cpu_per_added_version_s": _added(rows, changed, full[1]),
                     "incremental_wall_cpu_s": incremental, "incremental_written": written,
                     "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
                     "load_average": round(os.getloadavg()[0], 1)})
        print(json.dumps(rows[-1]), flush=True)
        shutil.rmtree(out)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["corpus", "store"])
    parser.add_argument("--releases", type=int, nargs="*", default=[10, 20, 40])
    parser.add_argument("--store-db", type=Path, default=ROOT / "bench" / "data" / "store.db",
                        help="the benchmark store, built by bench/store_run.py (copied, not changed)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    os.environ.setdefault("SECTRACK_STORE", "")
    with tempfile.TemporaryDirectory(prefix="sectrack-bench-") as tmp:
        if args.what == "corpus":
            print(json.dumps(corpus(Path(tmp))))
        else:
            if not args.store_db.is_file():
                sys.exit(f"no benchmark store at {args.store_db}: build it with python bench/store_run.py")
            store(Path(tmp), args.store_db, args.releases, args.jobs)


if __name__ == "__main__":
    main()
