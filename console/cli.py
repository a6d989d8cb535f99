"""The `dais` command line: open a meeting at the dais, check a programme, and the rest.

Exit statuses: 0 success, 1 a refusal or an error (the one-line reason on stderr, nothing
changed), 2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dais.console import __version__
from dais.console.lang.errors import DaisError, ProgrammeError
from dais.console.lang.i18n import LANGUAGES, _, ngettext, set_language
from dais.console.record.collector import started
from dais.console.settings import data_dir
from dais.console.room.programme import DEFAULT_PROGRAMME, SHIPPED, load_programme, shipped_programme
from dais.models import Programme

if TYPE_CHECKING:
    from dais.console.room.calendar import Redating
    from dais.console.floor.meeting import Meeting

DEFAULT_MEETING = "default"


def meeting_path(name: str) -> Path:
    """A path as given, or a bare name in the data folder: `geneva` -> DATA/geneva.dais."""
    if os.sep in name or name.endswith(".dais") or name.startswith("."):
        return Path(name).expanduser()
    return data_dir() / f"{name}.dais"


def programme_from(value: str | None) -> Programme | None:
    if value is None:
        return None
    if value in SHIPPED and not Path(value).exists():
        return shipped_programme(value)
    return load_programme(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dais",
        description=_("A terminal console for running a live UN-style meeting. "
                      "With no command, opens the default meeting at the dais."),
    )
    parser.add_argument("--version", action="version", version=f"dais {__version__}")
    add_language_argument(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    opener = commands.add_parser("open", help=_("open (or create) a meeting at the dais"))
    opener.add_argument("meeting", help=_("a meeting file, or a name in the data folder"))
    opener.add_argument(
        "--programme",
        metavar="FILE",
        help=_("the programme of work for a new meeting: a TOML file or a built-in name "
               "({names}); default {default}").format(names=", ".join(SHIPPED), default=DEFAULT_PROGRAMME),
    )
    opener.add_argument("--rehearse", action="store_true",
                        help=_("a rehearsal: move the programme to begin now (rounded up to the next five "
                               "minutes), keeping every interval between items; marked REHEARSAL everywhere"))
    opener.add_argument("--on", metavar="YYYY-MM-DD",
                        help=_("move the programme to begin on this date (each day keeps its place)"))
    opener.add_argument("--at", metavar="HH:MM", help=_("with --on: the first item's new start time"))
    opener.add_argument("--state", action="store_true", help=_("print the meeting's state and exit"))
    opener.add_argument("--replicate", metavar="DEST", help=_("replicate the meeting with Litestream to a folder, "
                        "sftp://USER@HOST/PATH or s3://BUCKET/PATH[?endpoint=URL] (default: the setting)"))

    checker = commands.add_parser("check", help=_("check programme files and list every error"))
    checker.add_argument("files", nargs="+", metavar="FILE", help=_("TOML programme files or built-in names"))

    watcher = commands.add_parser("watch", help=_("follow a meeting live, read-only (moderators, the room)"))
    watcher.add_argument("meeting", nargs="?", default=DEFAULT_MEETING, help=_("a meeting file or name"))
    watcher.add_argument("--clock", action="store_true", help=_("clock-only display facing the speaker"))

    exporter = commands.add_parser("export", help=_("export the speaker log (read-only; works during the meeting)"))
    exporter.add_argument("meeting", help=_("a meeting file or name"))
    exporter.add_argument("--format", default="csv",
                          help=_("csv, json, md, html, xlsx, docx, chair (the chair's printable list of "
                                 "speakers) or vtt (WebVTT chapters for the webcast); default csv"))
    exporter.add_argument("-o", "--output", metavar="PATH",
                          help=_("where to write; - for standard output (default: beside the meeting)"))
    exporter.add_argument("--bom", action="store_true", help=_("csv: start with a BOM, for Excel"))
    exporter.add_argument("--from", dest="webcast_from", metavar="HH:MM:SS",
                          help=_("vtt: the webcast's start, local time (default: the first item's actual start)"))
    exporter.add_argument("--day", type=int, metavar="N", help=_("vtt: only day N of the meeting"))
    exporter.add_argument("--sep", choices=[",", ";", "tab"], default=",",
                          help=_("csv: the separator between values (default ,)"))
    exporter.add_argument("--decimal-comma", action="store_true",
                          help=_("csv: numbers with decimals written with a comma (326,5); "
                                 "needs --sep ';' or tab"))
    exporter.add_argument("--excel-eu", action="store_true",
                          help=_("csv for spreadsheets set to a European language: "
                                 "--sep ';' --decimal-comma --bom"))

    server = commands.add_parser("serve", help=_("the meeting live in web browsers, read-only: moderators, "
                                 "the room's clock, a projector's queue and a JSON feed"))
    from dais.console.web.cli import add_serve_arguments

    add_serve_arguments(server, DEFAULT_MEETING)
    for shows_text in (opener, watcher, exporter, server):
        add_language_argument(shows_text)

    sayer = commands.add_parser("say", help=_("try the announcement voice before a session"))
    sayer.add_argument("text", help=_("what to say"))
    sayer.add_argument("-o", "--output", metavar="WAV", help=_("write the speech to a WAV file instead of playing it"))
    sayer.add_argument("--language", choices=["en", "fr"], help=_("voice language (default from settings)"))

    seating = commands.add_parser("seating", help=_("number the seats from a seating list (csv: seat,delegation)"))
    seating.add_argument("meeting", help=_("a meeting file or name"))
    seating.add_argument("file", help=_("csv rows of seat number and delegation (name, alias or ISO3)"))

    coder = commands.add_parser("codes", help=_("the codes delegations ask for the floor with from their phones "
                                "(dais serve --requests): CSV, and a page of QR codes to print"))
    coder.add_argument("meeting", help=_("a meeting file or name"))
    coder.add_argument("-o", "--output", metavar="CSV", help=_("the codes as CSV (code, delegation, id, seat, link)"))
    coder.add_argument("--page", metavar="HTML",
                       help=_("a printable page of the codes, a QR code each (default: beside the CSV, .html)"))
    coder.add_argument("--url", default=None, metavar="URL",
                       help=_("the address phones reach the server at, for the links and QR codes "
                              "(default {url})").format(url="http://localhost:8000/"))
    coder.add_argument("--secretaries", type=int, default=0, metavar="N",
                       help=_("also issue N codes for second secretaries"))
    coder.add_argument("--confirming", action="store_true",
                       help=_("with --secretaries: their entries go straight into the speaking order, "
                              "without the secretary's key at the dais"))
    coder.add_argument("--revoke", action="append", default=[], metavar="CODE",
                       help=_("revoke this code (repeatable); no new code is issued"))
    rosters = commands.add_parser("roster", help=_("the meeting's roster: import the list of participants"))
    roster_action = rosters.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    importer = roster_action.add_parser("import", help=_("import the list of participants (csv or xlsx): "
                                        "delegations, stakeholders and their people, as one event (ctrl+z undoes it)"))
    importer.add_argument("meeting", help=_("a meeting file or name"))
    importer.add_argument("file", help=_("csv or xlsx: name, category, acronym, aliases, regional group, seat, "
                                         "person, title, function, gender, head"))
    importer.add_argument("--skip-bad", action="store_true",
                          help=_("import the good rows and leave out the bad ones (each still named)"))

    programmes = commands.add_parser("programme", help=_("programme files: a new template, or export a meeting's"))
    what = programmes.add_subparsers(dest="programme_command", metavar="ACTION", required=True)
    new = what.add_parser("new", help=_("write a commented template programme"))
    new.add_argument("file")
    out = what.add_parser("export", help=_("write a meeting's programme, with the session's changes, as TOML"))
    out.add_argument("meeting", help=_("a meeting file or name"))
    out.add_argument("-o", "--output", metavar="FILE", help=_("where to write; - or nothing prints it"))

    salvager = commands.add_parser("salvage", help=_("copy every good event of a damaged meeting into a new one"))
    salvager.add_argument("meeting", help=_("the damaged meeting file or name (only read, never changed)"))
    salvager.add_argument("-o", "--output", metavar="NEW", required=True, help=_("the new meeting file or name"))
    salvager.add_argument("--programme", metavar="NAME", help=_("a shipped programme or a programme file, used only "
                          "where the meeting's own did not survive"))

    commands.add_parser("programmes", help=_("list the built-in programmes"))
    add_standby_commands(commands)

    completion = commands.add_parser("completion", help=_("print the shell completion script for dais "
                                     "(bash: eval \"$(dais completion bash)\")"))
    completion.add_argument("shell", choices=COMPLETION_SHELLS)
    return parser


COMPLETION_SHELLS = ("bash", "zsh", "tcsh", "fish", "powershell")  # what shtab writes
# Arguments that name files (a meeting is a file or a name in the data folder): the shell offers paths.
_PATH_ARGUMENTS = {"meeting", "file", "files", "output"}


def completion_command(args: argparse.Namespace) -> int:
    """The completion script, generated from this very parser by shtab (imported only here)."""
    import shtab

    parser = build_parser()
    for action in _all_actions(parser):
        if action.dest in _PATH_ARGUMENTS:
            action.complete = shtab.FILE  # type: ignore[attr-defined]  # shtab reads this attribute
    print(shtab.complete(parser, shell=args.shell), end="")
    return 0


def _all_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    actions = list(parser._actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                actions += _all_actions(sub)
    return actions


COMMANDS = {}  # filled below: each command's code in its own function


def add_language_argument(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """`--lang fr`: the interface's language, for this run (default: the setting `language`).
    On a command it is SUPPRESSed by default, so that `dais --lang fr export ...` is kept."""
    parser.add_argument("--lang", choices=LANGUAGES, default=None if top else argparse.SUPPRESS,
                        help=_("the interface's language: en or fr (default: the setting, else en)"))


def choose_language(argv: list[str] | None) -> None:
    """The interface's language, chosen before the parser is built so that its help is in it:
    --lang on the command line, else the settings' `language`."""
    words = sys.argv[1:] if argv is None else argv
    chosen = None
    for n, word in enumerate(words):
        if word == "--lang" and n + 1 < len(words):
            chosen = words[n + 1]
        elif word.startswith("--lang="):
            chosen = word.split("=", 1)[1]
    if chosen is None:
        from dais.console.settings import interface_language

        chosen = interface_language()
    if chosen in LANGUAGES:
        set_language(chosen)  # another value is refused by the parser, with its usage message


def main(argv: list[str] | None = None) -> int:
    choose_language(argv)
    args = build_parser().parse_args(argv)  # a usage error exits 2 here, with argparse's message
    if args.command not in (None, "open", "watch"):
        started()  # no screen to wait for (see console.launch, console.record.collector)
    try:
        try:
            return COMMANDS[args.command](args)
        finally:
            sys.stdout.flush()  # a closed pipe is found here, not at the interpreter's exit
    except BrokenPipeError:
        # The reader went away (`dais open NAME --state | head -5`): what it read was all it
        # wanted. Standard output goes to /dev/null, so the interpreter's last flush fails no more.
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
        return 0
    except UsageError as error:
        print(f"dais: {error}", file=sys.stderr)
        return 2
    except DaisError as error:
        print(f"dais: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def say_notice(notice: str | None) -> None:
    """One line on stderr about what a command had to do to the files first (none: nothing)."""
    if notice:
        print("dais: " + notice, file=sys.stderr)


def warn_damaged(meeting: Meeting) -> None:
    """A reader that stopped before a damaged event says so, and where; and how it was opened."""
    for notice in meeting.journal.notices:
        say_notice(notice)
    damaged = meeting.journal.damaged
    if damaged is not None:
        print("dais: " + _("warning: {path}: event {seq} is damaged ({reason}); read up to event {last}. "
                           "To recover the good events: dais salvage {path} -o NEW").format(
            path=meeting.path, seq=damaged.seq, reason=damaged.reason, last=meeting.state.last_seq), file=sys.stderr)


def dais_command(args: argparse.Namespace) -> int:
    # A newcomer's first meeting: a rehearsal of the default programme that begins now, so its
    # schedule, slip and forecasts mean something. An existing default meeting opens as it is.
    from dais.console.room.calendar import Redating
    from dais.console.record.journal import uninitialised

    path = meeting_path(DEFAULT_MEETING)
    redating = Redating(rehearse=True) if uninitialised(path) else None
    return open_meeting(path, None, False, redating=redating)


def open_command(args: argparse.Namespace) -> int:
    from dais.console.room.calendar import Redating, parse_date, parse_time

    if args.at and not args.on:
        raise UsageError("--at needs --on (the date)")
    if args.rehearse and args.on:
        raise UsageError("--rehearse and --on cannot be used together")
    redating = None
    if args.rehearse or args.on:
        redating = Redating(rehearse=args.rehearse, on=parse_date(args.on) if args.on else None,
                            at=parse_time(args.at) if args.at else None)
    return open_meeting(meeting_path(args.meeting), programme_from(args.programme), args.state, args.replicate,
                        redating=redating, name=args.meeting)


class UsageError(DaisError):
    """Flags that do not go together: exit status 2, as for argparse's own usage errors."""


def check_command(args: argparse.Namespace) -> int:
    return check(args.files)


def programmes_command(args: argparse.Namespace) -> int:
    for name, description in SHIPPED.items():
        print(f"{name:28} {description}")
    return 0


def export_command(args: argparse.Namespace) -> int:
    from dais.console.report.export import default_output, meeting_bytes, write_atomically

    path = meeting_path(args.meeting)
    webcast_from = None
    if args.webcast_from is not None or args.day is not None:
        if args.format != "vtt":
            raise UsageError(_("--from and --day are for --format vtt"))
        if args.webcast_from is not None:
            from dais.console.lang import typed

            try:
                webcast_from = typed.clock_time(args.webcast_from, seconds=True)
            except ValueError as error:
                raise UsageError(str(error)) from None
    sep = {"tab": "\t"}.get(args.sep, args.sep)
    if args.excel_eu:
        args.bom, args.decimal_comma, sep = True, True, ";" if sep == "," else sep
    if args.decimal_comma and sep == ",":
        raise UsageError(_("--decimal-comma needs --sep ';' (or tab): the comma cannot separate values too"))
    data = asyncio.run(meeting_bytes(path, args.format, args.bom, on_damage=warn_damaged, sep=sep,
                                     decimal_comma=args.decimal_comma, webcast_from=webcast_from, day=args.day))
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    target = Path(args.output) if args.output else default_output(path, args.format)
    write_atomically(target, data)
    print(_("wrote {path}").format(path=target))
    return 0


def seating_command(args: argparse.Namespace) -> int:
    return asyncio.run(import_seating(meeting_path(args.meeting), Path(args.file)))


def codes_command(args: argparse.Namespace) -> int:
    from dais.console.report.codes import DEFAULT_URL, codes_command as run

    output = Path(args.output) if args.output else None
    page = Path(args.page) if args.page else (output.with_suffix(".html") if output is not None else None)
    if args.url is not None and not args.url.startswith(("http://", "https://")):
        raise UsageError(f"--url {args.url!r}: give the address as http://HOST:PORT/")
    print(asyncio.run(run(meeting_path(args.meeting), output, page, args.url or DEFAULT_URL,
                          max(0, args.secretaries), args.revoke, args.confirming)))
    return 0
def roster_command(args: argparse.Namespace) -> int:
    return asyncio.run(import_participants(meeting_path(args.meeting), Path(args.file), args.skip_bad))


def salvage_command(args: argparse.Namespace) -> int:
    from dais.console.standby.salvage import salvage

    print(salvage(meeting_path(args.meeting), meeting_path(args.output), programme_from(args.programme)).report())
    return 0


def say_command(args: argparse.Namespace) -> int:
    from dais.console.settings import Settings
    from dais.console.voice.speech import say_once

    settings = Settings.load()
    if settings.problem:
        print("dais: " + _("warning: {problem}").format(problem=settings.problem), file=sys.stderr)
    speech = settings.speech
    if args.language:
        speech = speech.model_copy(update={"language": args.language, "voice": None})
    target = Path(args.output) if args.output else None
    error = asyncio.run(say_once(args.text, speech, data_dir() / "speech.log", target))
    if error:
        print(f"dais: {error}", file=sys.stderr)
        return 1
    if target:
        print(_("wrote {path}").format(path=target))
    return 0


def serve_command(args: argparse.Namespace) -> int:
    from dais.console.web.cli import run_serve

    return run_serve(args, meeting_path)


def add_standby_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`dais backup` and `dais restore` (console/standby/backup.py)."""
    backer = commands.add_parser("backup", help=_("a consistent, checked copy of a meeting, even while the dais runs"))
    backer.add_argument("meeting", help=_("a meeting file or name"))
    backer.add_argument("-o", "--output", metavar="FILE", required=True, help=_("the copy to write (must not exist)"))
    restorer = commands.add_parser("restore", help=_("rebuild a meeting from its Litestream replica (a standby)"))
    restorer.add_argument("destination", metavar="DEST", help=_("where the meeting was replicated: a folder, "
                          "sftp://... or s3://... as given to --replicate"))
    restorer.add_argument("-o", "--output", metavar="MEETING", required=True,
                          help=_("the meeting file or name to create (must not exist)"))
    restorer.add_argument("--timestamp", metavar="TIME", help=_("the state at this time (ISO 8601; "
                          "without a zone, this laptop's local time) instead of the latest"))


def backup_command(args: argparse.Namespace) -> int:
    from dais.console.standby.backup import backup

    copy = backup(meeting_path(args.meeting), Path(args.output))
    say_notice(copy.notice)
    print(_("wrote {path}: {events} events, integrity ok").format(path=copy.path, events=copy.events))
    return 0


def restore_command(args: argparse.Namespace) -> int:
    from dais.console.standby.backup import restore

    copy = asyncio.run(restore(args.destination, meeting_path(args.output), args.timestamp))
    say_notice(copy.notice)
    print(_("restored {path}: {events} events, integrity ok; continue with: dais open {path}").format(
        path=copy.path, events=copy.events))
    return 0


def watch_command(args: argparse.Namespace) -> int:
    from dais.console.app.watch import run_watch

    return asyncio.run(run_watch(meeting_path(args.meeting), args.clock))


def check(files: list[str]) -> int:
    from dais.console.room.programme import warnings

    failed = 0
    for name in files:
        try:
            programme = programme_from(name)
        except ProgrammeError as error:
            failed += 1
            print(error, file=sys.stderr)
            continue
        assert programme is not None
        for warning in warnings(programme):
            print(_("{name}: warning: {warning}").format(name=name, warning=warning), file=sys.stderr)
        print(_("{name}: ok ({items} items over {days} day(s))").format(
            name=name, items=len(programme.items), days=len(programme.meeting.days)))
    return 1 if failed else 0


def open_meeting(path: Path, programme: Programme | None, state_only: bool, replicate: str | None = None,
                 redating: Redating | None = None, name: str = DEFAULT_MEETING) -> int:
    from dais.console.record.journal import inspect, uninitialised

    new = uninitialised(path)
    if new and state_only and programme is None and redating is None:
        # --state alone only reads: it never creates the meeting it was asked about. (With
        # --programme, --rehearse or --on it was asked to create one, then print it.)
        raise DaisError(_("{path} does not exist: there is no state to print (create it with: dais open {name})").format(
            path=path, name=name))
    if not new and programme is not None:
        inspect(path)
        raise DaisError(
            _("{path} already exists with its own programme; --programme is only for a new meeting").format(path=path)
        )
    if new:
        programme = programme or shipped_programme(DEFAULT_PROGRAMME)
    notices: list[str] = []
    if redating is not None:
        notices = asyncio.run(_redate(path, programme if new else None, redating))
        new = False
    if state_only or not sys.stdout.isatty():
        started()
        for notice in notices:
            say_notice(notice)
        return asyncio.run(_print_state(path, programme if new else None, name))
    from dais.console.app import run_app

    return asyncio.run(run_app(path, programme, replicate, notices=notices))


async def _redate(path: Path, programme: Programme | None, redating: Redating) -> list[str]:
    """Move the meeting's calendar (a ProgrammeRedated event); returns what creating it had to do
    first (a stray log moved aside), for the dais to say. A new meeting is created with that event
    in it, once it is accepted: a refused redating (a date the calendar cannot hold) leaves no
    file behind, to be opened next time with the undated programme."""
    from dais.console.room import clock as clock_mod
    from dais.console.room.calendar import redate_shift, rehearsal_shift
    from dais.console.floor.meeting import Meeting
    from dais.models import ProgrammeRedated

    if programme is not None:
        if redating.rehearse:
            shift = rehearsal_shift(programme, clock_mod.system_clock())
        elif redating.on is not None:
            shift = redate_shift(programme, redating.on, redating.at)
        else:
            return []
        created = await Meeting.open(path, programme, begin_with=[ProgrammeRedated(
            shift_min=shift, rehearsal=redating.rehearse)])
        await created.close()
        return list(created.journal.notices)
    meeting = await Meeting.open(path, programme)
    try:
        if redating.rehearse:
            await meeting.rehearse()
        elif redating.on is not None:
            await meeting.move_to(redating.on, redating.at)
    finally:
        await meeting.close()
    return list(meeting.journal.notices)


async def _print_state(path: Path, programme: Programme | None, name: str = DEFAULT_MEETING) -> int:
    """The meeting's state; read-only (it works while the dais runs, and on read-only media)
    unless the meeting does not exist yet and is created from `programme`."""
    from dais.console.room.calendar import uncovered_notice
    from dais.console.floor.meeting import Meeting
    from dais.console.report.account import describe

    meeting = await (Meeting.open(path, programme) if programme is not None else Meeting.watch(path))
    try:
        warn_damaged(meeting)
        print(describe(meeting, meeting.now()))
        if (notice := uncovered_notice(meeting.state.programme, meeting.now(), name)) is not None:
            print(_("Note: {notice}").format(notice=notice))
    finally:
        await meeting.close()
    return 0


def programme_command(args: argparse.Namespace) -> int:
    from dais.console.report.export import write_atomically
    from dais.console.room.programme import programme_toml, template_text

    if args.programme_command == "new":
        if args.file == "-":
            print(template_text(), end="")
            return 0
        target = Path(args.file)
        if target.exists():
            raise DaisError(_("{path} already exists; choose another name").format(path=target))
        write_atomically(target, template_text().encode("utf-8"))
        print(_("wrote {path}; edit it, then check it with: dais check {path}").format(path=target))
        return 0

    async def effective() -> Programme:
        from dais.console.floor.meeting import Meeting

        meeting = await Meeting.watch(meeting_path(args.meeting))
        try:
            warn_damaged(meeting)
            return meeting.state.programme
        finally:
            await meeting.close()

    text = programme_toml(asyncio.run(effective()))
    if args.output and args.output != "-":
        write_atomically(Path(args.output), text.encode("utf-8"))
        print(_("wrote {path}").format(path=args.output))
    else:
        print(text, end="")
    return 0


async def import_seating(path: Path, file: Path) -> int:
    """Record a seating list, so the seat number on a raised nameplate finds the delegation.

    The list is one SeatingSet event: ctrl+z at the dais undoes it like any other action."""
    from dais.console.floor.meeting import Meeting
    from dais.console.room.programme import read_input
    from dais.console.room.roster import parse_seating

    data = read_input(file, "a seating list")  # read before the meeting is touched
    meeting = await Meeting.open(path)
    try:
        seats = parse_seating(data, meeting.roster, str(file))
        await meeting.set_seating(seats)
    finally:
        await meeting.close()
    print(ngettext("seated {n} delegation", "seated {n} delegations", len(seats)).format(n=len(seats)))
    return 0


async def import_participants(path: Path, file: Path, skip_bad: bool = False) -> int:
    """Record the list of participants as one ParticipantsListed event. The file is read and every
    row checked before the meeting is written; a bad row refuses the whole list (one line each)
    unless `skip_bad`, which records the good rows and still names each bad one on stderr."""
    from dais.console.lang.errors import InputError
    from dais.console.floor.meeting import Meeting
    from dais.console.room.participants import parse_list, problems_text
    from dais.console.room.programme import read_input

    from importlib import resources

    example = resources.files("dais.console.room.programmes").joinpath(f"{file}.participants.csv")
    if not file.exists() and str(file) in SHIPPED and example.is_file():  # a built-in programme's example list
        file = Path(example.name)
        data = example.read_bytes()
    else:
        data = read_input(file, "a list of participants")  # read before the meeting is touched
    if not path.exists():
        raise InputError(_("{path}: no such meeting; create it first (dais open {path} --programme ...)").format(
            path=path))
    meeting = await Meeting.open(path)
    try:
        try:
            listed = parse_list(data, file.name, meeting.roster, skip_bad)
        except ValueError as error:
            raise InputError(problems_text(str(file), str(error).splitlines())) from None
        await meeting.list_participants(listed.participants, file.name)
    finally:
        await meeting.close()
    for problem in listed.problems:
        print("dais: " + _("skipped: {problem}").format(problem=problem), file=sys.stderr)
    print(listed.report())
    return 0


COMMANDS.update({
    None: dais_command,
    "open": open_command,
    "check": check_command,
    "programmes": programmes_command,
    "export": export_command,
    "seating": seating_command,
    "codes": codes_command,
    "roster": roster_command,
    "salvage": salvage_command,
    "programme": programme_command,
    "say": say_command,
    "serve": serve_command,
    "backup": backup_command,
    "restore": restore_command,
    "watch": watch_command,
    "completion": completion_command,
})
