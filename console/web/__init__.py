"""`dais serve`: one ASGI server that shows live meetings to every browser, read-only.

`live` turns the engine's state into the published `dais.live-state/1` document, `room`
follows one meeting's journal once for all its viewers, `server` is the Starlette app and its
guards, and `static/` holds the pages. Nothing here imports textual.
"""
