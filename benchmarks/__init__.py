"""Benchmarks: `make bench` only; never part of the test suite."""
