"""A property test of the real dais: random keys and random text (markup, control characters,
any Unicode) in every free-text field. After every key the queue on screen is the engine's
speaking order and the app still runs; at the end the journal reopens to the same state.

A few examples here; `python -m benchmarks fuzz` runs it long (tests/app_fuzz.py)."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, example, given, settings

from tests import app_fuzz


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(app_fuzz.steps)
@example([("request", "kenya", "Group [/]", True), ("key", "ctrl+z"), ("key", "ctrl+z")])  # the reported crash
# Issue 29: a 2,000-character name, Enter, Enter; and names typed on through the category dialog.
@example([("request", "abcdefghij" * 200, "", False), ("request", "abcdefghij" * 14, "x" * 3000, True)])
@example([("burst", ["r", *"oxfam", "enter", "r", *"philippines", "enter", "r", *"ohchr", "enter", "enter"])])
@example([("burst", ["r", *"abcdefghij" * 14, "enter", "enter"]), ("key", "n")])  # the form lags: the 2nd Enter
@example([("request", "kenya", "", True), ("note", "n" * 10_000), ("speaker", "s" * 10_000), ("title", "t" * 10_000),
          ("panel", "p" * 5_000, "r" * 5_000), ("point_of_order", "o" * 10_000)])  # every field, 10,000 long
def test_random_keys_and_text_never_stop_the_dais_nor_split_its_queue(steps):
    asyncio.run(app_fuzz.run(steps))
