#!/usr/bin/env python3
"""Time ``sectrack check`` as a whole process: on the bundled corpus at each release, and on the
benchmark store of bench/store_generate.py (100 documents, 200 releases).

    python bench/check.py corpus                       # a temporary store loaded with corpus/
    python bench/check.py store --store URL            # a store made from bench/data/store
    python bench/check.py store --store URL --release 150.0 --repeat 3 --config allow.yaml

"cold" runs start each time with an empty index cache (every document is loaded from the store);
"warm" ones find the index of every version in the cache, as every check after the first does.

Each command runs ``--repeat`` times; the median wall-clock time is reported with the median CPU
time (user + system) and the peak memory of the process (both from /usr/bin/time) and the number of
findings. On a shared machine the CPU time is the steadier figure: the wall-clock time also counts
the waits for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "corpus" / "sectrack-check.yaml"
TIME = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)


def run(args: list[str], repeat: int, cold: bool) -> tuple[float, float, int, str]:
    """(median wall seconds, median CPU seconds, peak KiB, stdout of the last run) of ``sectrack ARGS``;
    CPU and memory are 0 without /usr/bin/time."""
    command = [sys.executable, "-m", "sectrack.cli", *args]
    times, cpus, peak, out = [], [], 0, ""
    for _ in range(repeat):
        if cold:
            shutil.rmtree(os.environ["SECTRACK_CACHE"], ignore_errors=True)
        with tempfile.NamedTemporaryFile("r", suffix=".time") as measured:
            wrapped = [TIME, "-f", "%M %U %S", "-o", measured.name, *command] if TIME else command
            start = time.perf_counter()
            done = subprocess.run(wrapped, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                raise SystemExit(f"sectrack {' '.join(args)}: exit {done.returncode}: {done.stderr.strip()}")
            out = done.stdout
            if TIME:
                kib, user, system = measured.read().strip().splitlines()[-1].split()
                peak = max(peak, int(kib))
                cpus.append(float(user) + float(system))
    return statistics.median(times), statistics.median(cpus) if cpus else 0.0, peak, out


def line(label: str, args: list[str], repeat: int, cold: bool = False) -> dict[str, object]:
    """Time one command and print its row."""
    seconds, cpu, peak, out = run([*args, "--format", "json"], repeat, cold)
    data = json.loads(out)
    findings = len(data["findings"]) if "findings" in data else len(data.get("introduced", []))
    print(f"{label:<34} {seconds:7.3f} s wall {cpu:7.2f} s CPU {peak / 1024:7.1f} MiB {findings:>7} findings", flush=True)
    return {"run": label, "seconds": round(seconds, 3), "cpu": cpu, "peak_mib": round(peak / 1024, 1),
            "findings": findings}


def corpus(repeat: int) -> list[dict[str, object]]:
    """The bundled corpus, loaded into a temporary store."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/corpus.db"
        subprocess.run([sys.executable, "-m", "sectrack.cli", "load-corpus", "--store", url], check=True,
                       capture_output=True)
        common = ["--store", url, "--config", str(CONFIG)]
        rows = [line("check --release 54.0 (cold)", ["check", "--release", "54.0", *common], repeat, cold=True)]
        rows += [line(f"check --release {v}", ["check", "--release", v, *common], repeat)
                 for v in ("52.0", "53.0", "54.0", "55.0")]
        rows.append(line("check --release 54.0 --delta", ["check", "--release", "54.0", "--delta", *common], repeat))
        return rows


def store(url: str, release: str | None, config: str | None, repeat: int) -> list[dict[str, object]]:
    """A store made from the benchmark's generated history."""
    at = ["--release", release] if release else []
    common = ["--store", url, *at, "--fail-on", "never", *(["--config", config] if config else [])]
    name = " ".join(at) or "(latest)"
    return [line(f"check {name} (cold)", ["check", *common], repeat, cold=True),
            line(f"check {name}", ["check", *common], repeat),
            line(f"check {name} --delta", ["check", "--delta", *common], repeat)]


def generated_allow(path: Path) -> Path:
    """Write a configuration allowing the capitalised expressions bench/generate.py writes into its
    clauses (its Section A defines only its own random terms) and return its path."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    from sectrack.check.matching import CAPITALISED_RUN

    lists = (generate.ACTORS, generate.VERBS, generate.OBJECTS, generate.QUALIFIERS, generate.CONNECTIVES,
             generate.FILLERS, generate.SUBHEADINGS)
    phrases = sorted({m.group() for words in lists for text in words for m in CAPITALISED_RUN.finditer(text)})
    path.write_text(json.dumps({"allow": phrases}, indent=1), encoding="utf-8")  # JSON is YAML
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["corpus", "store"])
    ap.add_argument("--store", help="the benchmark store's URL (for 'store')")
    ap.add_argument("--release", help="the release to check (default: the latest)")
    ap.add_argument("--config", help="the checks' configuration for 'store' (default: one allowing the "
                    "generator's capitalised expressions; 'none' for none)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    os.environ.pop("SECTRACK_STORE", None)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["SECTRACK_CACHE"] = cache
        if args.what == "corpus":
            corpus(args.repeat)
        elif not args.store:
            ap.error("store needs --store URL")
        else:
            config = args.config or str(generated_allow(Path(cache).parent / "bench-check-allow.yaml"))
            store(args.store, args.release, None if config == "none" else config, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
