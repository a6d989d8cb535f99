"""Dais: the engine (journal, speaking order, clock, programme, roster) plus the app and CLI.

The engine modules import neither textual nor pyttsx3; tests/unit/test_import_hygiene.py checks it.
"""

__version__ = "0.1.0"
