"""Benchmarks (not tests): `make bench`. Figures are ratios measured in one run."""
