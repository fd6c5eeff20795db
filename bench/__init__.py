"""Load benchmarks for live rooms (issue 3). Not tests: run `python -m bench.rooms --help`."""
