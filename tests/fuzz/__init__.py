"""Fuzzing: a state machine over graph edits and undo, and a corpus of hostile documents.

``tests/fuzz/test_*.py`` run a fast profile in CI; ``scripts/fuzz_long.py`` runs the long
one (10,000 state-machine runs, 10,000 files).
"""
