"""UI tests: the real app under Textual's Pilot, and the snapshot tests."""
