"""Block search: names, synonyms and fuzzy matches, one table for palette and quick-add."""

from __future__ import annotations

import pytest

from netbuilder.core.block_search import SYNONYMS, search
from netbuilder.core.blocks import CATALOGUE


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dense", "Linear"),
        ("fc", "Linear"),
        ("Fully connected", "Linear"),
        ("bn", "BatchNorm2d"),
        ("lstm", "LSTM"),
        ("conv", "Conv2d"),
        ("relu", "ReLU"),
        ("gap", "AdaptiveAvgPool2d"),
        ("cat", "Concat"),
        ("bn1", "BatchNorm1d"),
        ("mxp", "MaxPool2d"),
        ("LINEAR", "Linear"),
        ("max_pool", "MaxPool2d"),
    ],
)
def test_first_hit(query, first):
    assert search(query)[0] == first


def test_pool_finds_every_pool_and_rnn_every_recurrent_block():
    pools = {name for name, block in CATALOGUE.items() if block.category == "Pooling"}
    assert pools <= set(search("pool"))
    assert {"RNN", "LSTM", "GRU"} <= set(search("rnn"))
    assert search("lstm") == ["LSTM"]  # a strong match hides fuzzy ones (LogSoftmax)


def test_empty_query_lists_every_block_and_nonsense_none():
    assert search("") == list(CATALOGUE)
    assert search("  ") == list(CATALOGUE)
    assert search("qqqq") == []


def test_every_synonym_names_real_blocks():
    for word, targets in SYNONYMS.items():
        assert targets, word
        for name in targets:
            assert name in CATALOGUE, (word, name)
