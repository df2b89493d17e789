"""Text signatures (archive.store.signatures): what counts as the same story, computed once per version."""

from __future__ import annotations

import pytest
from datasketch import MinHash

from archive.errors import InputError
from archive.export.dedup import DedupPolicy
from archive.normalize import text_key
from archive.store.queries import ClusterPlace
from archive.store.signatures import (
    SEED,
    SignatureParams,
    band_keys,
    fold_script,
    pack,
    shingle_hashes,
    shingles,
    signature,
    similarity,
    unpack,
)
from tests.dedup.texts import OTHER, TRADITIONAL
from tests.dedup.texts import STORY as SIMPLIFIED

PARAMS = SignatureParams.for_threshold(0.5)


def sim(a: str, b: str) -> float:
    return similarity(signature(a, PARAMS), signature(b, PARAMS))


def test_signature_of_the_traditional_copy_equals_the_simplified_one() -> None:
    assert sim(SIMPLIFIED, TRADITIONAL) == 1.0


def test_signature_ignores_width_case_and_spacing() -> None:
    assert sim(SIMPLIFIED, "  " + SIMPLIFIED.replace("1月29日", "１月２９日") + "\n") == 1.0


def test_syndicated_copy_with_other_boilerplate_and_a_light_edit_is_near() -> None:
    syndicated = "【环球网报道】" + SIMPLIFIED.replace("连日来", "近日") + "本文系转载，版权归原作者所有。责任编辑：张三"
    assert sim(SIMPLIFIED, syndicated) >= PARAMS.threshold


def test_different_stories_are_far_apart() -> None:
    assert sim(SIMPLIFIED, OTHER) < 0.1


def test_signature_is_fixed_across_calls_and_packs_losslessly() -> None:
    values = signature(SIMPLIFIED, PARAMS)
    assert (unpack(pack(values)) == values).all()
    assert band_keys(values, PARAMS) == band_keys(signature(SIMPLIFIED, PARAMS), PARAMS)
    assert len(band_keys(values, PARAMS)) == PARAMS.bands
    assert PARAMS.bands * PARAMS.rows <= PARAMS.num_perm


def test_shingles_ignore_punctuation_and_spacing() -> None:
    assert shingles("美国，急了！", 3) == ["美国急", "国急了"]


def test_chinese_is_shingled_by_characters_and_other_text_by_words() -> None:
    assert shingles("英伟达H20芯片", 4) == ["英伟达H", "伟达H2", "达H20", "H20芯", "20芯片"]
    assert shingles("The chips, it said, were sold.", 4, word_size=3) == [
        "The chips it", "chips it said", "it said were", "said were sold"]
    assert shingles("Nvidia 芯片 sales rose", 4, word_size=3) == [
        "Nvidia 芯 片", "芯 片 sales", "片 sales rose"]  # mostly not CJK: each CJK character a word


def test_a_reworded_english_sentence_shares_few_word_shingles() -> None:
    a = "the company said on monday that sales of its chips in china fell sharply in the quarter " * 3
    b = "in the quarter sharply fell china in chips its of sales that monday on said company the " * 3
    assert sim(a, b) < 0.1, "the same words in another order are another text"


@pytest.mark.parametrize("text", [SIMPLIFIED, OTHER, "The chips, it said, were sold in China on Monday.", "芯片", ""])
def test_signature_is_datasketch_minhash_of_one_hash_per_distinct_shingle(text: str) -> None:
    folded = fold_script(text_key(text))
    hashes = shingle_hashes(folded, PARAMS.shingle_size)
    assert len(hashes) == len(shingles(folded, PARAMS.shingle_size)), "no two shingles of one text share a hash"
    expected = MinHash(num_perm=PARAMS.num_perm, seed=SEED, scheme="affine32", hashfunc=int)
    expected.update_batch(hashes.tolist())
    assert (signature(text, PARAMS) == expected.hashvalues).all()


def place(representative: int, similarity: float | None, exact_first: bool = True) -> ClusterPlace:
    return ClusterPlace(1, representative, "http://a.test/1", "a", representative, similarity, exact_first)


@pytest.mark.parametrize(
    ("mode", "threshold", "article", "where", "reason"),
    [
        ("none", None, 2, place(1, 1.0, exact_first=False), None),
        ("exact", None, 2, place(1, 1.0, exact_first=False), "exact"),
        ("exact", None, 2, place(1, 0.7), None),
        ("near", None, 2, place(1, 0.7), "near"),
        ("near", None, 1, place(1, None), None),
        ("near", 0.8, 2, place(1, 0.7), None),
        ("near", 0.8, 2, place(1, 0.9), "near"),
        ("near", 0.8, 2, place(1, 1.0, exact_first=False), "exact"),
        ("near", None, 3, None, None),
    ],
)
def test_policy_reads_the_stored_cluster(
    mode: str, threshold: float | None, article: int, where: ClusterPlace | None, reason: str | None
) -> None:
    to_representative = where.similarity if where else None
    assert DedupPolicy(mode, threshold).drop_reason(article, where, to_representative) == reason


def test_policy_refuses_a_threshold_below_the_clusters_and_says_how_to_rebuild() -> None:
    with pytest.raises(InputError, match="run: newsarchive dedup rebuild --threshold 0.3"):
        DedupPolicy("near", 0.3).check_against(0.5)
    with pytest.raises(InputError, match="--dedup near only"):
        DedupPolicy("exact", 0.9)
