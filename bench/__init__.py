"""Benchmarks: run from the command line, print their figures as ratios to a same-run baseline."""
