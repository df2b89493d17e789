"""Every command has help and is documented in the README; the Quick start matches .ci/run."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archive.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


COMMANDS = command_paths(cli)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_text(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert f"Usage: cli {' '.join(path)}" in result.output or f"Usage: newsarchive {' '.join(path)}" in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 20, f"'newsarchive {' '.join(path)} --help' says too little: {summary!r}"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    assert f"newsarchive {' '.join(path)}" in README


def test_quick_start_has_two_blocks_and_ci_runs_the_second() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\w*\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 2
    assert "newsarchive demo" in blocks[0]
    test_command = blocks[1].strip()
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert test_command in ci.splitlines()


def test_quick_start_leaves_the_newsarchive_command_on_path() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    first = re.findall(r"```\w*\n(.*?)```", section, flags=re.S)[0]
    steps = [step.strip() for step in first.replace("\n", " && ").split("&&")]
    activated = False
    for step in steps:
        if step in (". .venv/bin/activate", "source .venv/bin/activate"):
            activated = True
        if step and step.split()[0] == "newsarchive":
            assert activated, f"{step!r} runs before the virtual environment is activated"
