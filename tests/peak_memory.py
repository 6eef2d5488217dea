"""Peak memory of a piece of code, measured in a fresh interpreter (the test process's own
peak says nothing about one call)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CEILING = 3 << 30  # address space of the child, bytes
_PROBE = """
import json, resource, sys
# A ceiling well above the target, so that a regression fails the test instead of taking
# the machine's memory (the hostile inputs took 11 GB before their limits).
resource.setrlimit(resource.RLIMIT_AS, ({ceiling}, {ceiling}))
sys.path[:0] = {paths}
outcome = "ok"
try:
{body}
except Exception as error:  # the refusal under test; its text is checked by the caller
    outcome = f"{{error.__class__.__name__}}: {{error}}"
def _own_peak_kb():
    # VmHWM is this program's own high-water mark. ru_maxrss is not: Linux carries the
    # parent's peak over into a child started with vfork/exec, so a test process that had
    # grown to 530 MB made every child "peak" at 530 MB.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak_kb = _own_peak_kb()
print(json.dumps({{"outcome": outcome, "peak_mb": peak_kb / 1024}}))
"""


def run_measured(body: str, timeout: float = 300) -> tuple[str, float]:
    """Run `body` (statements, indented by the caller's dedent) in a child Python; returns the
    exception text it ended with ("ok" if none) and the child's peak resident set in MB."""
    indented = "\n".join("    " + line for line in body.strip().splitlines())
    code = _PROBE.format(paths=json.dumps([str(ROOT), str(ROOT / "tests")]), body=indented,
                         ceiling=CEILING)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        # Killed (out of memory) or crashed: report it as a failure with what it printed.
        return f"child exited {done.returncode}: {done.stderr[-2000:]}", float("inf")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return str(result["outcome"]), float(result["peak_mb"])
