"""The command-line contract (``../shared/CONTRACT.md``): every command, option and choice it names
exists in ``newsarchive --help``.

What is not built yet is listed in PENDING with the issue it waits for, so the gap is visible;
a pending entry that has been built fails too, so the list cannot go stale.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from archive.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED_CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"
# A copy travels with the repository, so a clone alone runs this test; it must equal the shared one.
CONTRACT_COPY = ROOT / "tests" / "data" / "CONTRACT.md"

# (command path, option or "choice=VALUE" or None for the command itself) -> issue it waits for
PENDING: dict[tuple[tuple[str, ...], str | None], int] = {}


def contract_text() -> str:
    return (SHARED_CONTRACT if SHARED_CONTRACT.exists() else CONTRACT_COPY).read_text("utf-8")


def contract_entries(text: str) -> list[tuple[tuple[str, ...], str | None]]:
    """Each command path the contract's synopses name, each option, and each listed choice."""
    entries: list[tuple[tuple[str, ...], str | None]] = []
    for span in re.findall(r"`newsarchive ([^`]*)`", text):
        words = span.split()
        path: list[str] = []
        while words and re.fullmatch(r"[a-z]+", words[0]):
            path.append(words.pop(0))
        rest = " ".join(words)
        if rest.startswith("| "):  # `newsarchive db upgrade | current | backup PATH`
            siblings = [w for w in re.findall(r"\|\s*([a-z]+)", rest)]
            entries.append((tuple(path), None))
            entries.extend(((*path[:-1], sibling), None) for sibling in siblings)
            continue
        entries.append((tuple(path), None))
        for option, choices in re.findall(r"(--[a-z][a-z-]*)(?: ([a-z]+(?:\|[a-z]+)+))?", rest):
            entries.append((tuple(path), option))
            if choices:
                entries.extend((tuple(path), f"choice={choice}") for choice in choices.split("|"))
    return list(dict.fromkeys(entries))


def find_command(path: tuple[str, ...]) -> click.Command | None:
    command: click.Command | None = cli
    for name in path:
        if not isinstance(command, click.Group):
            return None
        command = command.commands.get(name)
    return command


def is_built(path: tuple[str, ...], item: str | None) -> bool:
    command = find_command(path)
    if command is None:
        return False
    if item is None:
        return True
    params = {opt: param for param in command.params for opt in getattr(param, "opts", [])}
    if item.startswith("choice="):
        choice_type = next((p.type for p in command.params if isinstance(p.type, click.Choice)
                            and item.removeprefix("choice=") in [str(c) for c in p.type.choices]), None)
        return choice_type is not None
    return item in params


ENTRIES = contract_entries(contract_text())


def test_the_repository_copy_of_the_contract_is_the_shared_one() -> None:
    if not SHARED_CONTRACT.exists():
        pytest.skip("../shared/CONTRACT.md is not beside this clone")
    assert CONTRACT_COPY.read_text("utf-8") == SHARED_CONTRACT.read_text("utf-8")


def test_the_contract_parser_sees_every_command() -> None:
    paths = {path for path, item in ENTRIES if item is None}
    assert {("crawl",), ("demo",), ("extract",), ("export",), ("db", "upgrade"), ("db", "backup"), ("serve",)} <= paths
    assert (("export",), "choice=near") in ENTRIES and (("crawl",), "--max-pages") in ENTRIES


@pytest.mark.parametrize(("path", "item"), ENTRIES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v))
def test_contract_entry_exists_unless_pending(path: tuple[str, ...], item: str | None) -> None:
    built = is_built(path, item)
    issue = PENDING.get((path, item))
    if issue is None:
        assert built, f"the contract names `newsarchive {' '.join(path)}` {item or ''} but --help does not"
    else:
        assert not built, f"`newsarchive {' '.join(path)}` {item or ''} is built: take it off PENDING (issue {issue})"


def test_global_options_of_the_contract_exist() -> None:
    options = {opt for param in cli.params for opt in getattr(param, "opts", [])}
    assert {"--db", "--debug"} <= options
