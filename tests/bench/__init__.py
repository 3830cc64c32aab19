"""The benchmark (`python -m tests.bench`): synthetic corpus, own database, timing, load."""
