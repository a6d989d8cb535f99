"""Journal tests: meetings on real SQLite files, the exports and the command line in process."""
