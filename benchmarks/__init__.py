"""Speed goals, run by `make bench` (python -m benchmarks); each prints its figure and goal."""
