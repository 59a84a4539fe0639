#!/usr/bin/env python3
"""Time `sectrack redline` and peer redline tools on the generated pairs, in the same run.

    python bench/generate.py            # once: bench/data/<size>-{old,new}.docx + <size>-edits.json
    python bench/run.py [--sizes small,medium,large] [--repeat 3] [--no-peers] [--timeout 300]

Tools, each run as a whole process on the same OLD/NEW pair:

    sectrack-html   sectrack redline OLD NEW -o out.html
    sectrack-docx   sectrack redline OLD NEW -o out.docx
    sectrack-both   sectrack redline OLD NEW -o out.html -o out.docx
    sectrack-library  python bench/library.py OLD NEW out.html out.docx: read, compare, render with the
                    library's calls in one process (no fork, garbage collector on, a normal exit)
    wmlcomparer     python-redlines XmlPowerToolsEngine (Open-XML-PowerTools WmlComparer), via bench/peer.py
    docxodus        python-redlines DocxodusEngine (Docxodus DocxDiff), via bench/peer.py

For each size the tools run in turn, N rounds (the order rotates every round), so that a change in
machine load touches every tool alike. Every run is a fresh process started through bench/measure.py,
which records its wall time, CPU time and peak RSS (the largest process of its tree) with os.wait4.
The median over the rounds is reported. A tool that fails or exceeds --timeout is reported as such
and is not run again at that size.

Quality (words marked inserted + deleted against the edit script's minimum, moved clauses shown as
moves) is computed from the last round's .docx of every tool, and for sectrack also from its ChangeSet
JSON (one extra, untimed `-o out.json` run; read as docs/changeset-schema.md documents it).

Results: a table on stdout, bench/results/latest.md and bench/results/latest.json; the redlines of
the last round stay in bench/results/out/<size>/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import quality  # noqa: E402  (bench/quality.py)

SECTRACK_TOOLS = {
    "sectrack-html": (".html",),
    "sectrack-docx": (".docx",),
    "sectrack-both": (".html", ".docx"),
    "sectrack-library": (".html", ".docx"),  # bench/library.py: the library calls, no fork, normal exit
}
PEERS = {
    "wmlcomparer": "python-redlines XmlPowerToolsEngine (Open-XML-PowerTools WmlComparer)",
    "docxodus": "python-redlines DocxodusEngine (Docxodus DocxDiff)",
}
BASELINE: dict[str, Path] = {}  # "baseline-both" -> another checkout of sectrack (--baseline), set by main
REFERENCE = "sectrack-docx"  # ratios are against this tool's median wall time (same output kind as the peers)


def sectrack_cmd() -> list[str]:
    """`sectrack` of this checkout: `python -m sectrack.cli` with the repository first on the path."""
    return [sys.executable, "-m", "sectrack.cli"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a timed run loads compiled modules, as an installed package does
    return env


def tool_cmd(tool: str, old: Path, new: Path, outdir: Path) -> tuple[list[str], list[Path]]:
    if tool == "baseline-both":
        repo = BASELINE[tool]
        outs = [outdir / f"{tool}.html", outdir / f"{tool}.docx"]
        python = repo / ".venv" / "bin" / "python"
        return ["env", "-C", str(repo), f"PYTHONPATH={repo}", str(python if python.exists() else sys.executable),
                "-m", "sectrack.cli",
                "redline", str(old), str(new), "-o", str(outs[0]), "-o", str(outs[1])], outs
    if tool == "sectrack-library":
        outs = [outdir / f"{tool}{ext}" for ext in SECTRACK_TOOLS[tool]]
        return [sys.executable, str(BENCH / "library.py"), str(old), str(new), *map(str, outs)], outs
    if tool in SECTRACK_TOOLS:
        outs = [outdir / f"{tool}{ext}" for ext in SECTRACK_TOOLS[tool]]
        cmd = sectrack_cmd() + ["redline", str(old), str(new)]
        for o in outs:
            cmd += ["-o", str(o)]
        return cmd, outs
    out = outdir / f"{tool}.docx"
    return [sys.executable, str(BENCH / "peer.py"), tool, str(old), str(new), str(out)], [out]


def _describe(tool: str) -> str:
    if tool == "baseline-both":
        return f"sectrack redline -o .html -o .docx of the checkout at {BASELINE[tool]} (--baseline)"
    if tool == "sectrack-library":
        return "python bench/library.py (sectrack.read, compare, render html and docx; no fork)"
    if tool in SECTRACK_TOOLS:
        return "sectrack redline -o " + " -o ".join(SECTRACK_TOOLS[tool])
    return PEERS[tool]


def measure(cmd: list[str], timeout: float, workdir: Path) -> dict:
    """Run cmd through bench/measure.py; returns the measure record plus status and stderr tail."""
    res, out, err = workdir / "measure.json", workdir / "stdout.txt", workdir / "stderr.txt"
    for f in (res, out, err):
        f.unlink(missing_ok=True)
    shim = [sys.executable, "-S", str(BENCH / "measure.py"), str(res), str(out), str(err), "--", *cmd]
    proc = subprocess.Popen(shim, cwd=REPO, env=child_env(), start_new_session=True,
                            stdin=subprocess.DEVNULL)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the shim, the tool and anything it started
        proc.wait()
        return {"status": "timeout", "wall": None, "stderr": f"exceeded --timeout {timeout:g} s"}
    try:
        rec = json.loads(res.read_text())
    except (OSError, ValueError):
        return {"status": "failed", "stderr": f"measure shim exited {proc.returncode} without a result"}
    if "spawn_error" in rec:
        return {"status": "failed", "stderr": rec["spawn_error"]}
    lines = err.read_text(errors="replace").strip().splitlines() if err.exists() else []
    rec["stderr"] = "\n".join(lines if len(lines) <= 6 else lines[:3] + ["..."] + lines[-3:])
    rec["status"] = "ok" if rec["exit"] == 0 else "failed"
    return rec


def available(timeout: float, peers: bool) -> dict[str, str]:
    """Tool -> "" when usable, else why not. Also compiles sectrack's modules, as `pip install` does,
    so no timed run pays for compiling them, and extracts the peers' binaries (untimed)."""
    why: dict[str, str] = {}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "sectrack")], check=False)
    r = subprocess.run(sectrack_cmd() + ["redline", "--help"], cwd=REPO, env=child_env(),
                       capture_output=True, text=True, timeout=timeout)
    for tool in SECTRACK_TOOLS:
        why[tool] = "" if r.returncode == 0 else \
            f"`sectrack redline --help` failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}"
    if peers:
        for tool in PEERS:
            r = subprocess.run([sys.executable, str(BENCH / "peer.py"), tool, "--check"],
                               capture_output=True, text=True, timeout=timeout)
            why[tool] = "" if r.returncode == 0 else (r.stderr.strip() or f"exit {r.returncode}")
    return why


def summarise(runs: list[dict]) -> dict:
    ok = [r for r in runs if r["status"] == "ok"]
    if not runs:
        return {"status": "skipped"}
    if len(ok) < len(runs):
        bad = next(r for r in runs if r["status"] != "ok")
        return {"status": bad["status"], "error": bad.get("stderr", ""), "runs": len(runs)}
    walls = [r["wall"] for r in ok]
    mbs = [r["maxrss_kb"] / 1024 for r in ok]
    cpus = [r["utime"] + r["stime"] for r in ok]
    return {
        "status": "ok",
        "runs": len(ok),
        "wall_median": round(statistics.median(walls), 3),
        "wall_min": round(min(walls), 3),
        "wall_max": round(max(walls), 3),
        "cpu_median": round(statistics.median(cpus), 3),
        "peak_mb_median": round(statistics.median(mbs), 1),
        "peak_mb_max": round(max(mbs), 1),
    }


def bench_size(size: str, tools: list[str], why: dict[str, str], args, outroot: Path) -> dict:
    old, new = args.data / f"{size}-old.docx", args.data / f"{size}-new.docx"
    script_path = args.data / f"{size}-edits.json"
    for f in (old, new, script_path):
        if not f.exists():
            sys.exit(f"run.py: {f} is missing: run `python bench/generate.py --sizes {size}` first")
    script = json.loads(script_path.read_text(encoding="utf-8"))
    outdir = outroot / size
    outdir.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[dict]] = {t: [] for t in tools}
    stopped: set[str] = {t for t in tools if why.get(t)}
    with tempfile.TemporaryDirectory(prefix="sectrack-bench-") as tmp:
        work = Path(tmp)
        for rnd in range(args.repeat):
            order = tools[rnd % len(tools):] + tools[:rnd % len(tools)]
            for tool in order:
                if tool in stopped:
                    continue
                cmd, outs = tool_cmd(tool, old, new, outdir)
                for o in outs:
                    o.unlink(missing_ok=True)
                rec = measure(cmd, args.timeout, work)
                if rec["status"] == "ok" and not all(o.exists() and o.stat().st_size for o in outs):
                    rec["status"] = "failed"
                    rec["stderr"] = (rec.get("stderr", "") + "\nno output written").strip()
                runs[tool].append(rec)
                if rec["status"] == "ok":
                    print(f"[{size}] {tool:<14} round {rnd + 1}/{args.repeat}: {rec['wall']:8.2f} s "
                          f"{rec['maxrss_kb'] / 1024:8.1f} MB", file=sys.stderr)
                else:
                    print(f"[{size}] {tool:<14} round {rnd + 1}/{args.repeat}: {rec['status'].upper()} "
                          f"{rec.get('stderr', '')[-300:]}", file=sys.stderr)
                    stopped.add(tool)
        result: dict = {"stats": {"old": script["old"], "new": script["new"], "edits": script["edits_total"],
                                  "minimum": script["minimum"]}, "tools": {}}
        for tool in tools:
            s = {"status": "unavailable", "error": why[tool]} if why.get(tool) else summarise(runs[tool])
            s["quality"] = tool_quality(tool, s, outdir, script)
            result["tools"][tool] = s
        if not any(why.get(t) for t in SECTRACK_TOOLS if t in tools) and any(t in SECTRACK_TOOLS for t in tools):
            result["sectrack_json_quality"] = json_quality(old, new, outdir, script, args.timeout, work)
    return result


def tool_quality(tool: str, summary: dict, outdir: Path, script: dict) -> dict | None:
    if summary.get("status") != "ok":
        return None
    docx_out = outdir / f"{tool}.docx"
    if not docx_out.exists():
        return None
    try:
        return quality.report(quality.docx_marks(docx_out), script)
    except quality.QualityUnavailable as exc:
        return {"error": str(exc)}


def json_quality(old: Path, new: Path, outdir: Path, script: dict, timeout: float, work: Path) -> dict:
    out = outdir / "sectrack.json"
    out.unlink(missing_ok=True)
    rec = measure(sectrack_cmd() + ["redline", str(old), str(new), "-o", str(out)], timeout, work)
    if rec["status"] != "ok" or not out.exists():
        return {"error": f"`sectrack redline -o out.json` {rec['status']}: {rec.get('stderr', '')[-300:]}"}
    try:
        return quality.report(quality.changeset_marks(out), script)
    except quality.QualityUnavailable as exc:
        return {"error": str(exc)}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _fmt(v, nd=2) -> str:
    return "–" if v is None else f"{v:.{nd}f}"


def rows(results: dict) -> list[list[str]]:
    out = []
    for size, r in results["sizes"].items():
        tools = r["tools"]
        ref = next((tools[t]["wall_median"] for t in (REFERENCE, *SECTRACK_TOOLS)
                    if t in tools and tools[t].get("status") == "ok"), None)
        for tool, s in tools.items():
            if s.get("status") == "ok":
                ratio = f"{s['wall_median'] / ref:.2f}x" if ref else "–"
                out.append([size, tool, f"{s['wall_median']:.2f}", f"{s['wall_min']:.2f}–{s['wall_max']:.2f}",
                            f"{s['cpu_median']:.2f}", f"{s['peak_mb_median']:.0f}", ratio])
            else:
                status = s.get("status", "?")
                err = (s.get("error") or "").strip().splitlines()
                note = f"{status}" + (f": {' / '.join(err[:2])[:90]}" if err else "")
                out.append([size, tool, note, "", "", "", ""])
    return out


def quality_rows(results: dict) -> list[list[str]]:
    out = []
    for size, r in results["sizes"].items():
        m = r["stats"]["minimum"]
        entries = [(t, s.get("quality")) for t, s in r["tools"].items() if t not in ("sectrack-html", "sectrack-both", "sectrack-library", "baseline-both")]
        if "sectrack_json_quality" in r:
            entries.insert(0, ("sectrack (JSON)", r["sectrack_json_quality"]))
        for tool, q in entries:
            if not q:
                continue
            if "error" in q:
                out.append([size, tool, f"n/a: {q['error'][:90]}"] + [""] * (len(QUAL_HEAD) - 3))
                continue
            out.append([size, tool, str(q["inserted"]), str(q["deleted"]), f"{q['total']} / {m['total']}",
                        f"{q['ratio']:.2f}" if q["ratio"] is not None else "–",
                        f"{q['word_edits_shown']} / {q['word_edits']}", f"{q['moves_found']} / {q['moves']}",
                        f"{q['moved_edits_shown']} / {q['moved_edits']}", str(q["spurious_moved_paragraphs"]),
                        str(q["other_marks"])])
    return out


TIME_HEAD = ["size", "tool", "wall median s", "wall min–max s", "CPU s", "peak MB", f"wall vs {REFERENCE}"]
QUAL_HEAD = ["size", "tool", "words ins", "words del", "ins+del / minimum", "ratio", "word edits shown",
             "moves shown", "edits in moves shown", "false moves", "other marks"]


def text_table(head: list[str], body: list[list[str]]) -> str:
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [head, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def md_table(head: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in body]
    return "\n".join(lines)


def markdown(results: dict) -> str:
    meta = results["meta"]
    sizes = []
    for size, r in results["sizes"].items():
        o, m = r["stats"]["old"], r["stats"]["minimum"]
        sizes.append(f"- **{size}**: {o['clauses']:,} clauses, {o['paragraphs']:,} paragraphs, {o['tables']} tables, "
                     f"{o['definitions']} definitions, {o['words']:,} words; {r['stats']['edits']} edits "
                     f"(minimum {m['total']:,} words inserted + deleted with moves shown as moves, "
                     f"{m['total_if_moves_as_delete_insert']:,} with moves as delete + insert; {m['moves']} moves; "
                     f"{m['renumbered_clauses']} clauses renumbered)")
    return "\n".join([
        "# sectrack redline benchmark — latest run",
        "",
        f"Run {meta['date']} on {meta['machine']}; Python {meta['python']}; sectrack {meta['sectrack']} "
        f"({meta['commit']}); python-redlines {meta['python_redlines']}. {meta['repeat']} rounds per tool, "
        f"timeout {meta['timeout']:g} s. Written by bench/run.py; see bench/README.md for the method.",
        "",
        "## Inputs",
        "",
        *sizes,
        "",
        "## Time and memory",
        "",
        "Whole process (start-up included), median of the rounds; peak MB is the peak resident set of the "
        "largest process of the tool's tree.",
        "",
        md_table(TIME_HEAD, rows(results)),
        "",
        "## Quality",
        "",
        "Words marked inserted + deleted, against the edit script's minimum (moves shown as moves); "
        "'word edits shown': the script's in-place word edits whose paragraph carries insert/delete marks; "
        "'moves shown': moved clauses whose first paragraph is shown as moved; 'edits in moves shown': "
        "word edits inside moved clauses that are marked (not hidden in the moved text); 'false moves': "
        "paragraphs shown as moved that belong to no moved clause; 'other marks': "
        "property/numbering revisions in a .docx, or renumbered/format-only entries in the ChangeSet JSON.",
        "",
        md_table(QUAL_HEAD, quality_rows(results)),
        "",
    ])


def meta(args) -> dict:
    def version(code: str, env=None) -> str:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env)
        return r.stdout.strip() or "not installed"

    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown commit"
    mem = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs{mem}",
        "python": platform.python_version(),
        "sectrack": version("import sectrack; print(sectrack.__version__)", child_env()),
        "commit": commit,
        "python_redlines": version("import importlib.metadata as m; print(m.version('python-redlines'))"),
        "repeat": args.repeat,
        "timeout": args.timeout,
        "sectrack_command": " ".join(sectrack_cmd()[1:]) + " redline OLD NEW -o ...",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time sectrack redline side by side with peer tools.")
    ap.add_argument("--sizes", default="small,medium,large", help="comma-separated (default: small,medium,large)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds per tool; the median is reported (default 3)")
    ap.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True,
                    help="also run the python-redlines peers (default: yes)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run before it is killed (default 300)")
    ap.add_argument("--tools", default=None,
                    help=f"comma-separated subset of {', '.join([*SECTRACK_TOOLS, *PEERS])}")
    ap.add_argument("--data", type=Path, default=BENCH / "data", help="where generate.py wrote the pairs")
    ap.add_argument("--results", type=Path, default=BENCH / "results", help="where to write latest.md/.json")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="another checkout of sectrack (with its own .venv) timed as baseline-both in the same run")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    tools = [*SECTRACK_TOOLS, *(PEERS if args.peers else [])]
    if args.tools:
        wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
        unknown = [t for t in wanted if t not in SECTRACK_TOOLS and t not in PEERS]
        if unknown:
            ap.error(f"unknown tool(s): {', '.join(unknown)}")
        tools = [t for t in tools if t in wanted]
    if args.baseline is not None:
        BASELINE["baseline-both"] = args.baseline.resolve()
        tools.insert(len(SECTRACK_TOOLS) if not args.tools else 0, "baseline-both")
    why = available(args.timeout, any(t in PEERS for t in tools))
    for tool in tools:
        if why.get(tool):
            print(f"run.py: {tool} unavailable: {why[tool]}", file=sys.stderr)

    results = {"meta": meta(args), "tools": {t: _describe(t) for t in tools},
               "sizes": {}}
    args.results.mkdir(parents=True, exist_ok=True)
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        results["sizes"][size] = bench_size(size, tools, why, args, args.results / "out")
        # written after every size, so a long run interrupted later still leaves its figures
        (args.results / "latest.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        (args.results / "latest.md").write_text(markdown(results), encoding="utf-8")

    print(text_table(TIME_HEAD, rows(results)))
    print()
    print(text_table(QUAL_HEAD, quality_rows(results)))
    print(f"\nwrote {args.results / 'latest.md'} and {args.results / 'latest.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
