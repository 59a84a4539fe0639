#!/usr/bin/env python3
"""Time the version store on a code the size of the real SEC (bench/store_generate.py), whole
processes as people run them, on SQLite and (with --postgres URL) on PostgreSQL.

Measures: ``load-corpus`` of the bundled corpus into a new store; building the large store release
by release; ``log`` at the latest release, at a release and on a date; ``history`` of a document;
``history --clause`` and ``--term`` across all versions, with the comparisons cached (warm) and after
dropping that document's cached comparisons (cold); the store's size per version; and that log and
history give the same answers with every stored .docx and model blanked. Writes
bench/results/store-latest.md and .json.

``--db FILE`` measures an existing store as it is (a copy of it: the file given is never written,
nothing is rebuilt); without it, bench/data/store.db is measured, built first when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
SECTRACK = [sys.executable, "-m", "sectrack.cli"]  # this checkout's sectrack (run from ROOT)


def child_env() -> dict[str, str]:
    """The environment of a timed process: this checkout first on the path, compiled modules used."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a timed run loads compiled modules, as an installed package does
    return env


CPU: list[float] = []  # CPU seconds (user + system) of each process run, in order


def run(*args: str, store: str) -> tuple[float, str]:
    """One sectrack process: (wall seconds, stdout), its CPU seconds appended to CPU; a failure
    stops the benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([*SECTRACK, *args, "--store", store], capture_output=True, text=True, cwd=ROOT,
                          env=child_env())
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"sectrack {' '.join(args)} failed: {done.stderr.strip()}")
    return took, done.stdout


def timed(args: list[str], store: str, repeat: int) -> dict[str, float]:
    """Wall and CPU seconds of ``repeat`` runs (median, min): on a shared machine the CPU time is
    the steadier figure, the wall time also counts waits for a core."""
    times = [run(*args, store=store)[0] for _ in range(repeat)]
    cpu = CPU[-repeat:]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "cpu_median": statistics.median(cpu), "cpu_min": min(cpu)}


def fresh_sqlite(name: str) -> str:
    path = DATA / name
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgres(base: str, schema: str) -> str:
    """An empty schema in the PostgreSQL database ``base`` names; the store's URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine.dispose()
    return make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def corpus_from_nothing(make: Any, repeat: int) -> dict[str, float]:
    """``sectrack load-corpus`` (four releases) into a new store, each time from nothing."""
    times = []
    for _ in range(repeat):
        url = make()
        times.append(run("load-corpus", str(ROOT / "corpus"), store=url)[0])
    cpu = CPU[-repeat:]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "cpu_median": statistics.median(cpu), "cpu_min": min(cpu)}


def build(url: str, releases: int, follow: bool) -> dict[str, float]:
    """The large store, release by release through the library (one process). With ``follow``,
    each manifest is waited for while bench/store_generate.py is still writing them."""
    from sectrack.store import Store

    folder = DATA / "store" / "releases"
    times = []
    with Store.open(url, create=True) as st:
        for k in range(1, releases + 1):
            path = folder / f"v{k}.0.yaml"
            while follow and not path.exists():
                time.sleep(1)
            t0 = time.perf_counter()
            st.add_release(path)
            times.append(time.perf_counter() - t0)
            if k % 20 == 0:
                print(f"built v{k}.0: {sum(times):.0f} s so far", file=sys.stderr)
    return {"releases": len(times), "total": sum(times), "baseline": times[0],
            "per_release_median": statistics.median(times[1:])}


def sizes(url: str) -> dict[str, float]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    q = {
        "versions": "SELECT count(*) FROM versions",
        "documents": "SELECT count(*) FROM documents",
        "releases": "SELECT count(*) FROM releases",
        "package_bytes": "SELECT sum(length(package)) FROM versions",
        "model_bytes": "SELECT sum(length(model)) FROM versions",
        "comparisons": "SELECT count(*) FROM comparisons",
        "changeset_bytes": "SELECT sum(length(changeset)) FROM comparisons",
        "entries": "SELECT count(*) FROM comparison_entries",
    }
    with engine.connect() as conn:
        out = {k: float(conn.execute(text(sql)).scalar() or 0) for k, sql in q.items()}
        if url.startswith("sqlite"):
            out["store_bytes"] = float(Path(url.removeprefix("sqlite:///")).stat().st_size)
        else:
            out["store_bytes"] = float(conn.execute(text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar() or 0)
    engine.dispose()
    return out


def subjects(url: str) -> dict[str, str]:
    """The document with the most versions, a clause of its latest version, a term of the latest
    version of the document with most versions that has definitions, a release and a date in the
    middle of the history."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        ranked = conn.execute(text(
            "SELECT d.slug, max(v.label_key) FROM documents d JOIN versions v ON v.document_id = d.id "
            "GROUP BY d.slug ORDER BY count(*) DESC, d.slug")).all()
        latest = {slug: conn.execute(text(
            "SELECT v.clauses, v.terms FROM versions v JOIN documents d ON d.id = v.document_id "
            "WHERE d.slug = :s AND v.label_key = :k"), {"s": slug, "k": key}).one() for slug, key in ranked}
        releases = conn.execute(text("SELECT sec_version, effective FROM releases ORDER BY sort_key")).all()
    engine.dispose()
    slug = ranked[0][0]
    clause_list = latest[slug][0].split("\n")
    term_doc = next(s for s, _ in ranked if latest[s][1])
    term_list = latest[term_doc][1].split("\n")
    middle = releases[len(releases) // 2]
    return {"document": slug, "clause": clause_list[len(clause_list) // 3], "term_document": term_doc,
            "term": term_list[len(term_list) // 2], "release": middle[0], "date": str(middle[1])}


def questions(s: dict[str, str]) -> dict[str, list[str]]:
    return {
        "log (latest)": ["log"],
        "log --format json": ["log", "--format", "json"],
        f"log --release v{s['release']}": ["log", "--release", s["release"]],
        f"log --on {s['date']}": ["log", "--on", s["date"]],
        f"history {s['document']}": ["history", s["document"]],
        f"history {s['document']} --clause {s['clause']}": ["history", s["document"], "--clause", s["clause"]],
        f"history {s['term_document']} --term {s['term']!r}": ["history", s["term_document"], "--term", s["term"]],
    }


def drop_comparisons(url: str, slug: str) -> None:
    """Forget the cached comparisons of one document's versions (the cold case)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        shas = [r[0] for r in conn.execute(text(
            "SELECT v.sha256 FROM versions v JOIN documents d ON d.id = v.document_id WHERE d.slug = :s"), {"s": slug})]
        ids = [r[0] for r in conn.execute(text("SELECT id, new_sha256 FROM comparisons")) if r[1] in shas]
        for cid in ids:
            conn.execute(text("DELETE FROM comparison_entries WHERE comparison_id = :c"), {"c": cid})
            conn.execute(text("DELETE FROM comparisons WHERE id = :c"), {"c": cid})
    engine.dispose()


def measure(url: str, s: dict[str, str], repeat: int, cold_url: str) -> dict[str, Any]:
    out: dict[str, Any] = {name: timed(args, url, repeat) for name, args in questions(s).items()}
    clause = ["history", s["document"], "--clause", s["clause"]]
    drop_comparisons(cold_url, s["document"])
    out["history --clause, cold (comparisons made)"] = {"once": run(*clause, store=cold_url)[0], "cpu": CPU[-1]}
    return out


def same_without_blobs(url: str, s: dict[str, str]) -> bool:
    """The answers of log and history with every package and model blanked, in a copy."""
    from sqlalchemy import create_engine, text

    before = [run(*args, "--format", "json", store=url)[1] for args in questions(s).values()]
    copy = DATA / "store-blanked.db"
    shutil.copy(url.removeprefix("sqlite:///"), copy)
    engine = create_engine(f"sqlite:///{copy}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE versions SET package = :e, model = :e"), {"e": b""})
    engine.dispose()
    after = [run(*args, "--format", "json", store=f"sqlite:///{copy}")[1] for args in questions(s).values()]
    copy.unlink()
    return before == after


def copy_to_postgres(source: str, target: str) -> float:
    """Copy every row of the SQLite store into an empty PostgreSQL store; seconds taken."""
    from sqlalchemy import create_engine, select, text

    from sectrack.store import Store
    from sectrack.store.schema import metadata

    t0 = time.perf_counter()
    Store.open(target, create=True).close()
    src, dst = create_engine(source), create_engine(target)
    with src.connect() as s, dst.begin() as d:
        for table in metadata.sorted_tables:
            rows = s.execute(select(table)).mappings()
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(dict(row))
                if len(batch) == 200:
                    d.execute(table.insert(), batch)
                    batch = []
            if batch:
                d.execute(table.insert(), batch)
            if "id" in table.c:
                d.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                               f"(SELECT coalesce(max(id), 1) FROM {table.name}))"))
        d.execute(text("ANALYZE " + ", ".join(t.name for t in metadata.sorted_tables)))  # the store's tables only
    src.dispose()
    dst.dispose()
    return time.perf_counter() - t0


def markdown(r: dict[str, Any]) -> str:
    lines = ["| measure (whole process; wall median, CPU median) | SQLite | PostgreSQL |", "| --- | --- | --- |"]
    pg = r.get("postgres", {})
    for name, value in r["sqlite"]["queries"].items():
        other = pg.get("queries", {}).get(name, {})
        lines.append(f"| `{name}` | {_fmt(value)} | {_fmt(other) if other else '—'} |")
    lines.append(f"| `load-corpus` from nothing (4 releases) | {_fmt(r['sqlite']['corpus'])} | "
                 f"{_fmt(pg['corpus']) if 'corpus' in pg else '—'} |")
    for name, sz in (("SQLite", r["sqlite"]["sizes"]), ("PostgreSQL", pg.get("sizes"))):
        if sz:
            lines.append(f"\n{name}: {sz['store_bytes'] / 1e6:.0f} MB for {sz['versions']:.0f} versions "
                         f"({sz['store_bytes'] / max(sz['versions'], 1) / 1e3:.0f} KB a version), "
                         f"{sz['releases']:.0f} releases, {sz['comparisons']:.0f} cached comparisons.")
    return "\n".join(lines) + "\n"


def _fmt(v: dict[str, float]) -> str:
    if "once" in v:
        return f"{v['once']:.2f} s (CPU {v['cpu']:.2f} s)"
    return f"{v['median']:.3f} s, CPU {v['cpu_median']:.3f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true", help="build bench/data/store.db again")
    ap.add_argument("--releases", type=int, default=200, help="how many generated releases to load")
    ap.add_argument("--follow", action="store_true", help="load releases as store_generate.py writes them")
    ap.add_argument("--build-only", action="store_true", help="stop once the store is built")
    ap.add_argument("--postgres", default=os.environ.get("SECTRACK_TEST_POSTGRES"),
                    help="a PostgreSQL database URL (schema sectrack_bench is made in it)")
    ap.add_argument("--db", type=Path, default=None,
                    help="measure this existing SQLite store (a copy of it) instead of bench/data/store.db")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # this checkout's sectrack, as the timed processes run it
    RESULTS.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "sectrack")], check=False)
    result: dict[str, Any] = {"sqlite": {}}
    if args.db is not None:
        big = measured_copy(args.db)
        result["store"] = str(args.db)
    else:
        big = DATA / "store.db"
        if args.rebuild or not big.exists():
            big.unlink(missing_ok=True)
            result["sqlite"]["build"] = build(f"sqlite:///{big}", args.releases, args.follow)
            print("built:", result["sqlite"]["build"], file=sys.stderr)
            (RESULTS / "store-build.json").write_text(json.dumps(result["sqlite"]["build"], indent=1), encoding="utf-8")
            if args.build_only:
                return 0
        elif (RESULTS / "store-build.json").exists():
            result["sqlite"]["build"] = json.loads((RESULTS / "store-build.json").read_text(encoding="utf-8"))
    try:
        measure_all(result, f"sqlite:///{big}", args)
    finally:
        if args.db is not None:
            big.unlink(missing_ok=True)
    (RESULTS / "store-latest.json").write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    table = markdown(result)
    (RESULTS / "store-latest.md").write_text(table, encoding="utf-8")
    print(table)
    print(json.dumps({k: v for k, v in result.items() if k != "sqlite"} | {"sqlite_sizes": result["sqlite"]["sizes"]},
                     indent=1, default=str))
    return 0


def measured_copy(db: Path) -> Path:
    """A copy of an existing store to measure (warm questions may cache comparisons it lacks)."""
    if not db.is_file():
        raise SystemExit(f"{db}: no such store")
    DATA.mkdir(parents=True, exist_ok=True)
    copy = DATA / "store-measured.db"
    shutil.copy(db, copy)
    return copy


def measure_all(result: dict[str, Any], url: str, args: argparse.Namespace) -> None:
    """Sizes and timings on SQLite, then (with --postgres) on a copy of the store in PostgreSQL."""
    result["sqlite"]["sizes"] = sz = sizes(url)
    print("sizes:", sz, file=sys.stderr)
    s = result["subjects"] = subjects(url)
    result["sqlite"]["corpus"] = corpus_from_nothing(lambda: fresh_sqlite("corpus.db"), 3)
    cold = DATA / "store-cold.db"
    shutil.copy(url.removeprefix("sqlite:///"), cold)
    result["sqlite"]["queries"] = measure(url, s, args.repeat, f"sqlite:///{cold}")
    cold.unlink()
    result["no_reread"] = same_without_blobs(url, s)
    if args.postgres:
        pg_url = fresh_postgres(args.postgres, "sectrack_bench")
        result["postgres"] = {"copy_seconds": copy_to_postgres(url, pg_url), "sizes": sizes(pg_url)}
        result["postgres"]["corpus"] = corpus_from_nothing(lambda: fresh_postgres(args.postgres, "sectrack_bench_corpus"), 3)
        pg_cold = fresh_postgres(args.postgres, "sectrack_bench_cold")
        copy_to_postgres(url, pg_cold)
        result["postgres"]["queries"] = measure(pg_url, s, args.repeat, pg_cold)


if __name__ == "__main__":
    sys.exit(main())
