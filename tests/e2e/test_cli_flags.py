"""The command line: one output flag everywhere, and shell completion generated from the parser."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dais.console.cli import _all_actions, build_parser, main

DAIS = str(Path(sys.executable).with_name("dais"))


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_names_its_output_with_o_or_output():
    outputs = [a for a in _all_actions(build_parser()) if a.dest == "output"]
    assert len(outputs) >= 6  # export, programme export, salvage, say, backup, restore
    assert all(a.option_strings == ["-o", "--output"] for a in outputs)
    assert not any(s in ("--to-file", "--out", "--to") for a in _all_actions(build_parser()) for s in a.option_strings)


def test_say_writes_its_wav_with_o(capsys):
    with pytest.raises(SystemExit) as usage:
        build_parser().parse_args(["say", "Time.", "--to-file", "x.wav"])
    assert usage.value.code == 2
    assert build_parser().parse_args(["say", "Time.", "-o", "x.wav"]).output == "x.wav"


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_completion_script_names_every_command(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for name in subcommands(build_parser()):
        assert name in script
    assert ("#compdef dais" in script) if shell == "zsh" else ("-F _shtab_dais dais" in script)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_and_their_flags():
    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        code = (f'eval "$({DAIS} completion bash)"; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; '
                f'COMP_LINE="{line}"; COMP_POINT=${{#COMP_LINE}}; _shtab_dais; printf "%s\\n" "${{COMPREPLY[@]}}"')
        result = subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert set(complete("dais", "ex")) == {"export"}
    assert {"--output", "--format", "--bom"} <= set(complete("dais", "export", "geneva", "--"))
    assert set(complete("dais", "completion", "")) >= {"bash", "zsh"}
