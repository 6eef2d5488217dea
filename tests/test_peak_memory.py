"""The peak-memory probe measures the child's own peak, not the test process's: Linux carries
a parent's peak over into a vfork/exec child's ru_maxrss, which once made every limit test
fail at the test process's 533 MB."""

from __future__ import annotations

from peak_memory import run_measured


def test_the_child_peak_is_its_own() -> None:
    ballast = bytearray(250 * 1024 * 1024)  # the test process grows well past the child's
    ballast[::4096] = b"x" * len(ballast[::4096])
    outcome, small = run_measured("x = 1")
    assert outcome == "ok" and small < 100
    outcome, large = run_measured("""
y = bytearray(120 * 1024 * 1024)
y[::4096] = b"x" * len(y[::4096])
""")
    assert outcome == "ok" and 120 <= large < 250
    del ballast
