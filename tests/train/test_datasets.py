"""Datasets: shapes, splits, the device loader, clear messages."""

from __future__ import annotations

import pytest
import torch

from netbuilder.train.datasets import (
    DatasetError,
    DeviceLoader,
    InputSpec,
    load_dataset,
    split_indices,
)


def test_digits_adapts_to_the_input_and_scales_to_unit_range():
    data = load_dataset("digits", InputSpec("image", (3, 32, 32)), val_split=0.25, seed=1)
    assert data.train.x.shape[1:] == (3, 32, 32)
    assert len(data.train) + len(data.val) == 1797
    assert len(data.val) == round(1797 * 0.25)
    assert 0.0 <= float(data.train.x.min()) and float(data.train.x.max()) <= 1.0
    assert data.num_classes == 10 and data.train.y.dtype == torch.int64
    flat = load_dataset("digits", InputSpec("vector", (784,)))
    assert flat.train.x.shape[1:] == (784,)


def test_split_is_seeded_and_disjoint():
    a_train, a_val = split_indices(100, 0.2, seed=3)
    b_train, b_val = split_indices(100, 0.2, seed=3)
    assert torch.equal(a_val, b_val) and len(a_val) == 20
    assert sorted(torch.cat([a_train, a_val]).tolist()) == list(range(100))
    assert not torch.equal(split_indices(100, 0.2, seed=4)[1], a_val)


def test_device_loader_visits_every_sample_once_per_epoch_in_a_seeded_order():
    x = torch.arange(10).float().unsqueeze(1)
    y = torch.arange(10)
    loader = DeviceLoader(x, y, batch_size=4, seed=7)
    assert len(loader) == 3
    first = torch.cat([yb for _, yb in loader])
    assert sorted(first.tolist()) == list(range(10))
    loader.set_epoch(1)
    second = torch.cat([yb for _, yb in loader])
    assert not torch.equal(first, second)
    loader.set_epoch(0)
    assert torch.equal(torch.cat([yb for _, yb in loader]), first)
    for xb, yb in loader:
        assert torch.equal(xb.squeeze(1).long(), yb)  # pairs stay together


def test_a_lone_last_training_sample_joins_the_batch_before():
    """BatchNorm cannot normalise a batch of one sample: 9 samples in 4s train as 4 + 5."""
    x = torch.randn(9, 3)
    y = torch.arange(9)
    loader = DeviceLoader(x, y, batch_size=4, seed=0)
    sizes = [len(yb) for _, yb in loader]
    assert sizes == [4, 5] and len(loader) == 2
    bn = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4)).train()
    for xb, _ in loader:
        bn(xb)  # would raise "Expected more than 1 value per channel" for a batch of one
    evaluation = DeviceLoader(x, y, batch_size=4, shuffle=False)
    assert [len(yb) for _, yb in evaluation] == [4, 4, 1], "evaluation keeps plain batches"


def test_missing_cifar_folder_says_where_to_put_the_files(tmp_path):
    with pytest.raises(DatasetError) as info:
        load_dataset("cifar10", InputSpec("image", (3, 32, 32)), data_dir=tmp_path / "nope")
    message = str(info.value)
    assert "never downloads" in message
    assert str(tmp_path / "nope" / "cifar-10-batches-py") in message
    assert "\n" not in message


def test_mnist_from_a_local_folder(tmp_path):
    """MNIST's raw idx files written by hand, then read with download=False."""
    import gzip
    import struct

    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    n = 20
    images = torch.randint(0, 256, (n, 28, 28), dtype=torch.uint8)
    labels = torch.arange(n, dtype=torch.uint8) % 10
    for split in ("train", "t10k"):
        with open(raw / f"{split}-images-idx3-ubyte", "wb") as f:
            f.write(struct.pack(">IIII", 2051, n, 28, 28) + images.numpy().tobytes())
        with open(raw / f"{split}-labels-idx1-ubyte", "wb") as f:
            f.write(struct.pack(">II", 2049, n) + labels.numpy().tobytes())
    del gzip
    data = load_dataset("mnist", InputSpec("image", (1, 32, 32)), data_dir=tmp_path)
    assert data.train.x.dtype == torch.uint8  # kept compact; converted per batch
    loader = DeviceLoader(data.train.x, data.train.y, 4, transform=data.train.transform)
    xb, _ = next(iter(loader))
    assert xb.shape == (4, 1, 32, 32) and xb.dtype == torch.float32 and float(xb.max()) <= 1


def test_csv_checks_the_input_width(diabetes_csv):
    with pytest.raises(DatasetError, match="set the network's Input to a vector of 8 features"):
        load_dataset("csv", InputSpec("vector", (5,)), data_dir=diabetes_csv, task="binary")
    data = load_dataset("csv", InputSpec("vector", (8,)), data_dir=diabetes_csv, task="binary")
    mean = data.train.x.mean(0)
    assert torch.allclose(mean, torch.zeros(8), atol=1e-5)  # standardised
    assert data.train.y.shape[1:] == (1,)


def test_hello_and_names(tmp_path):
    hello = load_dataset("hello", InputSpec("sequence", (5, 4)))
    assert hello.train.x.shape == (1, 5, 4) and hello.train.y.tolist() == [[3, 1, 2, 3, 2]]
    (tmp_path / "names.csv").write_text(
        "Adsit,Czech\nAbbas,English\nAjdrna,Czech\nNakamura,Japanese\n"
    )
    names = load_dataset(
        "names", InputSpec("tokens", (20,), vocab=128), data_dir=tmp_path, val_split=0.25
    )
    assert names.classes == ["Czech", "English", "Japanese"]
    x = torch.cat([names.train.x, names.val.x])
    assert x.shape == (4, 20) and x.dtype == torch.int64
    assert set(x[:, 0].tolist()) <= {ord("A"), ord("N")}


def test_unknown_dataset():
    with pytest.raises(DatasetError, match="Unknown dataset 'nope'"):
        load_dataset("nope", InputSpec("vector", (4,)))


def test_image_folder(tmp_path):
    from PIL import Image

    for cls, value in (("cats", 30), ("dogs", 220)):
        (tmp_path / cls).mkdir()
        for i in range(4):
            Image.new("RGB", (10, 12), (value, value, value)).save(tmp_path / cls / f"{i}.png")
    data = load_dataset("images", InputSpec("image", (1, 8, 8)), data_dir=tmp_path, val_split=0.25)
    assert data.classes == ["cats", "dogs"] and len(data.train) == 6 and len(data.val) == 2
    from netbuilder.train.datasets import make_loader

    xb, yb = next(iter(make_loader(data.train, 6)))
    assert xb.shape == (6, 1, 8, 8) and xb.dtype == torch.float32
