"""`dais serve`'s arguments and its start; light to import, since every `dais` command builds its parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

DEFAULT_PORT = 8000
DEFAULT_CAP = 1000
DEFAULT_PER_ADDRESS = 32  # console.web.door.Limits.per_address; not imported: this module stays light


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port: give a number from 1 to 65535 (0: any free port)")
    return int(text)


def _cap(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of viewers from 1 to 100000")
    return int(text)


def add_serve_arguments(parser: argparse.ArgumentParser, default_meeting: str) -> None:
    which = parser.add_mutually_exclusive_group()  # meetings or --all, not both: a usage error (exit 2)
    which.add_argument("meetings", nargs="*", default=[], metavar="MEETING",
                        help=f"meeting files or names (default: the {default_meeting!r} meeting); "
                             "several are served under /m/NAME/ with an index page")
    which.add_argument("--all", action="store_true",
                        help="serve every meeting in the data folder, with an index page of the live ones")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only); any other "
                             "requires the access token printed at start, unless --public")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    parser.add_argument("--max-viewers", type=_cap, default=DEFAULT_CAP, metavar="N",
                        help="open streams (pages following the meeting) at most; past it a new one is "
                             f"answered 503 (default {DEFAULT_CAP})")
    parser.add_argument("--max-per-address", type=_cap, default=DEFAULT_PER_ADDRESS, metavar="N",
                        help="connections from one address at most, this machine's own not counted "
                             f"(default {DEFAULT_PER_ADDRESS}; more behind a proxy or a shared router)")
    parser.add_argument("--public", action="store_true",
                        help="with --host: no access token; anyone who reaches the port follows the meeting")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="a host name browsers may use to reach this server (besides addresses, "
                             "localhost and this machine's name); repeatable")
    parser.add_argument("--requests", action="store_true",
                        help="let the room ask for the floor from phones at /request, with the codes of "
                             "`dais codes`; the requests wait in an inbox for the secretary to take them")
    parser.set_defaults(default_meeting=default_meeting)


def run_serve(args: argparse.Namespace, meeting_path: Callable[[str], Path]) -> int:
    from dais.console.settings import data_dir
    from dais.console.web.server import serve

    meetings = [] if args.all else [meeting_path(name) for name in args.meetings or [args.default_meeting]]
    return serve(meetings, data_dir() if args.all else None, args.host, args.port, cap=args.max_viewers,
                 public=args.public, allow_hosts=args.allow_host, per_address=args.max_per_address,
                 requests=args.requests)
