"""The search index's shadow text and query cutting: what a Chinese or English query turns into."""

from __future__ import annotations

import re

import pytest

from archive.store.search import parse_query, shadow_terms


def test_chinese_runs_become_overlapping_bigrams_and_other_scripts_words() -> None:
    assert shadow_terms("台风「山竹」登陆 Hong Kong!") == "台风 山竹 登陆 hong kong"


def test_traditional_text_is_folded_to_simplified_and_lower_case() -> None:
    assert shadow_terms("颱風過後 AI") == "台风 风过 过后 ai"


def test_two_character_query_is_one_bigram_phrase() -> None:
    query = parse_query("台风")
    assert query.phrases == (("台风",),)
    assert query.fts5() == '"台风"'
    assert query.tsquery() == "'台风'"


def test_traditional_query_is_cut_like_simplified_text() -> None:
    assert parse_query("疫苗接種").phrases == (("疫苗", "苗接", "接种"),)


def test_english_words_are_prefixes() -> None:
    query = parse_query("Ban AI")
    assert query.prefixes == ("ban", "ai")
    assert query.fts5() == '"ban"* AND "ai"*'
    assert query.tsquery() == "'ban':* & 'ai':*"


@pytest.mark.parametrize("raw", ['"', "*", "NEAR(", "-", "a' OR 1=1 --", "x" * 10_000, "(((", "\x00"])
def test_fts_syntax_characters_never_reach_the_match_expression(raw: str) -> None:
    query = parse_query(raw)
    terms = [term for phrase in query.phrases for term in phrase] + list(query.prefixes)
    assert all(re.fullmatch(r"[^\W_]+", term) for term in terms)  # letters and digits only: no syntax, no quotes
    assert len(terms) <= 16
