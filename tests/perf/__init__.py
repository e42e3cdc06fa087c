"""Benchmarks, run by ``make bench`` (``python -m tests.perf``); results go to ``var/bench/``.

Each ``bench_*.py`` module has a ``main()``; files are not named ``test_*`` so pytest never
collects them.
"""
