"""Copies of a meeting: backup, replication with Litestream, salvage."""
