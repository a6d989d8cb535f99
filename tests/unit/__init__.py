"""Unit tests of the engine: pure functions and the fold, with a fake clock; no files beyond tmp_path."""
