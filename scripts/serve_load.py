#!/usr/bin/env python3
"""A bounded load on `ticketscope serve` over loopback: CLIENTS threads each GET PATH REQUESTS times;
prints latency percentiles and the step counts the pages showed, and checks every page is whole (its
steps table, step selector and collapse table agree). Only 127.0.0.1 / localhost / [::1] are accepted.

Usage: scripts/serve_load.py http://127.0.0.1:PORT /runs/NAME [CLIENTS=100] [REQUESTS=3]"""
import re
import sys
import threading
import time
import urllib.parse
import urllib.request


def whole_steps(html):
    n = int(re.search(r'data-steps="(\d+)"', html).group(1))
    steps = html.split('<section id="steps"', 1)[1].split("</section>", 1)[0]
    collapse = html.split('<section id="collapse"', 1)[1].split("</section>", 1)[0]
    rows = steps.count("<tr>") - 1
    # The collapse diagnosis reads the pruning steps only (phases extract and imported).
    pruning = len(re.findall(r'<tr><td class="num">\d+</td><td>(?:extract|imported)</td>', steps))
    if "<h3>Run level</h3>" in collapse:
        level = collapse.split("<h3>Run level</h3>", 1)[1].split("</table>", 1)[0].count("<tr>") - 1
        if level != pruning:
            raise ValueError(f"half a step: {pruning} pruning steps in the steps table, collapse table {level}")
    if rows != n:
        raise ValueError(f"half a step: data-steps {n}, table {rows}")
    return n


def main(base, path, clients=100, requests=3):
    host = urllib.parse.urlparse(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"serve_load: {host} is not a loopback address")
    latencies, steps, errors, lock = [], [], [], threading.Lock()

    def client():
        for _ in range(requests):
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(base + path, timeout=120) as r:
                    n = whole_steps(r.read().decode())
                with lock:
                    latencies.append(time.monotonic() - t0)
                    steps.append(n)
            except Exception as e:  # noqa: BLE001 - every failure is counted and the first one shown
                with lock:
                    errors.append(repr(e))

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    lat = sorted(latencies)

    def pct(p):
        return f"{1000 * lat[min(len(lat) - 1, int(p * len(lat)))]:.0f} ms" if lat else "–"

    print(f"serve_load: {clients} clients × {requests} GET {path} in {wall:.1f} s: {len(lat)} ok, {len(errors)} errors; "
          f"latency p50 {pct(0.5)}, p90 {pct(0.9)}, p99 {pct(0.99)}, max {pct(1)}; step counts seen {sorted(set(steps))}")
    if errors:
        print(f"serve_load: first error: {errors[0]}")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], *map(int, sys.argv[3:5])))
