"""The speaker log and every format it is rendered in."""
