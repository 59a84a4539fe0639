"""Run one command as a fresh child and write its wall time and resource usage as JSON.

    python -S bench/measure.py RESULT.json STDOUT STDERR -- COMMAND [ARGS...]

bench/run.py starts this small process for every timed run. It spawns COMMAND, waits for it with
os.wait4() and records:

- wall: seconds from just before the spawn to the end of the wait (time.perf_counter);
- maxrss_kb: ru_maxrss of the reaped child, which on Linux is the peak resident set size of the
  largest single process in the child's tree (the child and every descendant it waited for);
- utime/stime: CPU seconds of the child and its waited-for descendants.

It exists so that the process being measured is forked from a small process: on Linux a child's
ru_maxrss also counts the memory of the process it was spawned from up to the exec, so spawning the
tool straight from the runner would add the runner's own size to every figure. This shim is started
with ``python -S`` (no site packages) and stays under about 10 MB, which is then the floor of any
figure. Only the standard library is used.
"""

import json
import os
import sys
import time


def main(argv):
    if len(argv) < 5 or argv[3] != "--":
        sys.stderr.write(__doc__)
        return 2
    result, out, err, cmd = argv[0], argv[1], argv[2], argv[4:]
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, out, flags, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o644),
    ]
    t0 = time.perf_counter()
    try:
        pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=actions)
    except OSError as exc:
        with open(result, "w") as f:
            json.dump({"spawn_error": f"{cmd[0]}: {exc}"}, f)
        return 0
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    with open(result, "w") as f:
        json.dump({
            "wall": wall,
            "exit": os.waitstatus_to_exitcode(status),
            "maxrss_kb": ru.ru_maxrss,
            "utime": ru.ru_utime,
            "stime": ru.ru_stime,
        }, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
