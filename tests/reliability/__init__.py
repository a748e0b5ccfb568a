"""The reliability suite: faults played for real against the running parts, with figures.

`make reliability` runs every suite at full size (`python -m tests.reliability --full`), prints a
table and writes var/reliability.json; `make test` runs the same suites at a reduced size
(tests/test_reliability.py) and fails on any lost, duplicated or crashed outcome.
"""
