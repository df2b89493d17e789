"""Text signatures (archive.store.signatures): what counts as the same story, computed once per version."""

from __future__ import annotations

import pytest

from archive.errors import InputError
from archive.export.dedup import DedupPolicy
from archive.store.queries import ClusterPlace
from archive.store.signatures import SignatureParams, band_keys, pack, shingles, signature, similarity, unpack
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
    assert shingles("美国，急了！", 3) == {"美国急", "国急了"}


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
