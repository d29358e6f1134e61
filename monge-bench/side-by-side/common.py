"""Shared timing helper for the reference side of the side-by-side benchmarks."""
import statistics
import sys
import time


def median_seconds(fn, warmups=1, repeats=5):
    """Median wall-clock seconds of fn() after warm-up runs; returns (seconds, last value)."""
    value = None
    for _ in range(warmups):
        value = fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def report(name, seconds, value):
    """The line format shared with org.monge.bench.Timer: RESULT name seconds value."""
    print(f"RESULT {name} {seconds:.9g} {float(value):.17g}")
    sys.stdout.flush()
