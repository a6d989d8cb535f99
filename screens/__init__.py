"""Textual screens and their widgets: they read the engine and call it, and hold no rules."""
