"""Benchmarks: ``python -m benchmarks.<module>`` prints one JSON line per operation.

Each line times our code and its reference in the same run, because these machines are noisy and
only the ratio between the two is worth comparing across runs.
"""
