"""The mutation score of the pure domain, from mutmut's results (`make mutation`).

mutmut prints one line per mutant ("planner.domain.calendar.x_shift__mutmut_3:
survived"); this turns them into a score per module and overall, lists what was
not killed, and fails when the overall score is under --minimum.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict

KILLED = {"killed", "timeout"}  # a mutant that hangs the tests is caught too
LINE = re.compile(r"^\s*(?P<name>[\w.]+)__mutmut_\d+: (?P<status>.+)$")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minimum", type=float, default=90.0, help="fail under this score (%%)")
    parser.add_argument("--mutmut", default="mutmut", help="the mutmut executable")
    args = parser.parse_args()
    listing = subprocess.run([args.mutmut, "results", "--all", "true"], check=True,
                             capture_output=True, text=True).stdout
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    not_killed: list[str] = []
    for line in listing.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        module = match["name"].rsplit(".", 1)[0]
        status = match["status"].strip()
        by_module[module][status] += 1
        if status not in KILLED:
            not_killed.append(line.strip())
    if not by_module:
        print("no mutants found: run `mutmut run` first", file=sys.stderr)
        return 1
    total = Counter()
    print(f"{'module':40} {'killed':>7} {'total':>6} {'score':>7}")
    for module in sorted(by_module):
        counts = by_module[module]
        total.update(counts)
        print(f"{module:40} {_killed(counts):7} {sum(counts.values()):6} {_score(counts):6.1f}%")
    score = _score(total)
    print(f"{'all':40} {_killed(total):7} {sum(total.values()):6} {score:6.1f}%")
    if not_killed:
        print("\nnot killed (see `mutmut show NAME`):")
        print("\n".join(f"  {line}" for line in not_killed))
    if score < args.minimum:
        print(f"\nmutation score {score:.1f}% is under {args.minimum:.0f}%", file=sys.stderr)
        return 1
    return 0


def _killed(counts: Counter[str]) -> int:
    return sum(n for status, n in counts.items() if status in KILLED)


def _score(counts: Counter[str]) -> float:
    return 100.0 * _killed(counts) / max(1, sum(counts.values()))


if __name__ == "__main__":
    sys.exit(main())
