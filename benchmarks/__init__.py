"""Measured workloads beside their baselines (`python -m benchmarks [--quick]`).

Speed is recorded as a ratio to a baseline measured in the same run on the same data,
because these machines are shared and noisy; absolute times are kept where the issue asks
for them. Nothing here is a unit test.
"""
