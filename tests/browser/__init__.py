"""Browser tests: the web pages in a real headless Chromium."""
