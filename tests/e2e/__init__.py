"""End-to-end tests: real processes (dais in tmux, the web server, Litestream, espeak-ng), the wheel and the type check."""
