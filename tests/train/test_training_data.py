"""Hostile training data (real files): huge or fractional labels, a BOM, tiny CSVs,
image folders with damaged files; every problem is one sentence, never a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import torch
from torch import nn

from netbuilder.core.builder import Builder
from netbuilder.core.document import save
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.datasets import Data, DatasetError, InputSpec, Part, load_dataset
from netbuilder.train.trainer import Trainer

SPEC = InputSpec("vector", (2,))


def _csv(path: Path, lines: list[str], bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + "\n".join(lines).encode() + b"\n")
    return path


def _rows(n: int, label=lambda i: i % 3) -> list[str]:
    return [f"{i * 0.5},{(i * 7) % 5},{label(i)}" for i in range(n)]


def test_a_huge_label_is_refused_with_a_sentence_not_a_billion_classes(tmp_path):
    rows = _rows(20)
    rows[7] = "1.0,2.0,1000000000"
    path = _csv(tmp_path / "huge.csv", rows)
    with pytest.raises(DatasetError) as info:
        load_dataset("csv", SPEC, data_dir=path)
    message = str(info.value)
    assert "line 8" in message and "1000000000" in message
    assert "0…K−1" in message and "10,000" in message and "\n" not in message


def test_a_fractional_label_is_refused_naming_its_line(tmp_path):
    rows = _rows(20)
    rows[3] = "1.0,2.0,2.5"
    with pytest.raises(DatasetError, match=r"line 4: the label 2\.5 is not a class"):
        load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "frac.csv", rows))
    rows[3] = "1.0,2.0,-1"
    with pytest.raises(DatasetError, match=r"line 4: the label -1 is not a class"):
        load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "neg.csv", rows))


def test_the_largest_allowed_class_index_gives_ten_thousand_classes(tmp_path):
    rows = _rows(20, lambda i: 9999 if i == 0 else i % 2)
    data = load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "k.csv", rows))
    assert data.num_classes == 10_000 and len(data.classes) == 10_000
    rows = _rows(20, lambda i: 10_000 if i == 0 else i % 2)
    with pytest.raises(DatasetError, match="line 1"):
        load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "k2.csv", rows))


def test_text_labels_are_classes_in_sorted_order_below_a_header(tmp_path):
    names = ["setosa", "versicolor", "virginica"]
    rows = ["length,width,species"] + _rows(30, lambda i: names[(i * 2) % 3])
    data = load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "iris.csv", rows), val_split=0)
    assert data.classes == names and data.num_classes == 3
    assert data.train.x.shape == (30, 2)
    order = data.train.x[:, 0].argsort()  # the first feature grows with the row number
    assert data.train.y[order].tolist() == [(i * 2) % 3 for i in range(30)]


def test_too_many_text_classes_are_refused(tmp_path):
    rows = [f"{i},{i % 7},c{i}" for i in range(10_001)]
    with pytest.raises(DatasetError, match="10,001 different labels.*at most 10,000"):
        load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "many.csv", rows))


@pytest.mark.parametrize("header", [False, True])
def test_a_utf8_bom_keeps_every_row(tmp_path, header):
    rows = (["a,b,label"] if header else []) + _rows(25)
    data = load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "bom.csv", rows, bom=True))
    assert len(data.train) + len(data.val) == 25
    plain = load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "plain.csv", rows))
    assert torch.equal(data.train.x, plain.train.x) and torch.equal(data.val.y, plain.val.y)


def test_a_text_feature_names_its_line_and_column(tmp_path):
    rows = _rows(10)
    rows[4] = "1.0,abc,1"
    with pytest.raises(DatasetError, match="line 5, column 2: 'abc' is not a finite number"):
        load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "t.csv", rows))


@pytest.mark.parametrize(
    ("rows", "val_split", "words"),
    [
        (2, 0.2, "only 2 rows of data: too few to hold out 20% for validation"),
        (1, 0.2, "only 1 row of data; training needs at least 2"),
        (1, 0.0, "only 1 row of data"),
    ],
)
def test_a_csv_too_small_to_split_says_so(tmp_path, rows, val_split, words):
    path = _csv(tmp_path / "tiny.csv", _rows(rows))
    with pytest.raises(DatasetError) as info:
        load_dataset("csv", SPEC, data_dir=path, val_split=val_split)
    assert words in str(info.value) and "learning rate" not in str(info.value)
    load_dataset("csv", SPEC, data_dir=_csv(tmp_path / "ok.csv", _rows(3)), val_split=0.2)


def test_the_cli_refuses_a_tiny_csv_in_one_line(python, subprocess_env, tmp_path):
    path = _csv(tmp_path / "tiny.csv", _rows(2))
    b = Builder()
    b.add("Input", kind="vector", features=2)
    b.add("Linear", out_features=3)
    save(b.project("tiny", "", ""), tmp_path / "tiny.json")
    proc = subprocess.run(
        [python, "-m", "netbuilder", "train", str(tmp_path / "tiny.json"), "--dataset", "csv"]
        + ["--data-dir", str(path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=120,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "too few to hold out" in lines[0], proc.stderr
    assert "learning rate" not in proc.stderr


# -- image folders ---------------------------------------------------------------------------
def _image_folder(root: Path, good: int, bad: dict[str, bytes]) -> Path:
    from PIL import Image

    for cls, value in (("cats", 30), ("dogs", 220)):
        (root / cls).mkdir(parents=True)
        for i in range(good):
            Image.new("RGB", (10, 12), (value, value, value)).save(root / cls / f"{i}.png")
    for name, data in bad.items():
        (root / name).write_bytes(data)
    return root


def _png_bytes() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 40), (9, 9, 9)).save(buf, format="PNG")
    return buf.getvalue()


def test_damaged_images_are_skipped_counted_and_named(tmp_path):
    bad = {
        "cats/broken.png": b"not an image at all",
        "dogs/truncated.png": _png_bytes()[:60],
        "dogs/empty.jpg": b"",
    }
    root = _image_folder(tmp_path / "pets", 3, bad)
    (root / "cats" / "notes.txt").write_text("not an image file, not counted")
    data = load_dataset("images", InputSpec("image", (1, 8, 8)), data_dir=root, val_split=0)
    assert len(data.train) == 6 and data.classes == ["cats", "dogs"]
    assert data.notes == [
        "Skipped 3 unreadable images in pets: cats/broken.png, dogs/empty.jpg, dogs/truncated.png."
    ]
    from netbuilder.train.datasets import make_loader

    labels = torch.cat([yb for _, yb in make_loader(data.train, 4, shuffle=False)])
    assert sorted(labels.tolist()) == [0, 0, 0, 1, 1, 1]  # every readable image, no broken one


def test_a_folder_of_only_damaged_images_is_refused(tmp_path):
    root = tmp_path / "bad"
    for cls in ("a", "b"):
        (root / cls).mkdir(parents=True)
        for i in range(2):
            (root / cls / f"{i}.png").write_bytes(b"\x89PNG garbage")
    with pytest.raises(DatasetError) as info:
        load_dataset("images", InputSpec("image", (1, 8, 8)), data_dir=root)
    assert str(info.value).startswith("None of the 4 images in")
    assert "a/0.png, a/1.png, b/0.png, …" in str(info.value)


def test_the_cli_trains_on_the_readable_images_and_says_what_it_skipped(
    python, subprocess_env, tmp_path
):
    root = _image_folder(tmp_path / "pets", 4, {"cats/broken.png": b"nope"})
    b = Builder()
    b.add("Input", kind="image", channels=1, height=8, width=8)
    b.add("Flatten")
    b.add("Linear", out_features=2)
    save(b.project("pets", "", ""), tmp_path / "pets.json")
    proc = subprocess.run(
        [python, "-m", "netbuilder", "train", str(tmp_path / "pets.json"), "--dataset"]
        + ["images", "--data-dir", str(root), "--epochs", "1", "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Skipped 1 unreadable image in pets: cats/broken.png." in proc.stderr
    assert "Traceback" not in proc.stderr and "(6 train / 2 val samples)" in proc.stderr


class _Unreadable(torch.utils.data.Dataset):
    """A dataset whose samples cannot be read (a file that broke after listing)."""

    def __len__(self) -> int:
        return 4

    def __getitem__(self, index: int):
        raise OSError(f"image file is truncated ({index})")


def test_the_pre_training_check_reports_an_unreadable_sample_in_a_sentence():
    part = Part(dataset=_Unreadable())
    data = Data("broken", part, Part(dataset=_Unreadable()), 2, ["a", "b"], (4,))
    trainer = Trainer(nn.Linear(4, 2), data, TrainingConfig(device="cpu"))
    result = trainer.run()  # never raises
    assert result.status == "failed" and result.reason == "setup"
    assert result.message.startswith("Cannot read the first samples of 'broken'")
    assert "truncated" in result.message and "\n" not in result.message


def test_a_reader_surprise_becomes_a_dataset_error(tmp_path):
    """A gzip file that is not gzip: the reader's own error is one sentence."""
    (tmp_path / "x.csv.gz").write_bytes(b"plain text, not gzip")
    with pytest.raises(DatasetError, match="Cannot read"):
        load_dataset("csv", SPEC, data_dir=tmp_path / "x.csv.gz")


def test_the_training_dock_says_which_images_it_skipped(qtbot, tmp_path):
    from netbuilder.ui.training import TrainingDock

    root = _image_folder(tmp_path / "pets", 4, {"dogs/broken.png": b"nope"})
    b = Builder()
    b.add("Input", kind="image", channels=1, height=8, width=8)
    b.add("Flatten")
    b.add("Linear", out_features=2)
    project = b.project("pets", "", "")
    dock = TrainingDock(lambda: project)
    qtbot.addWidget(dock)
    dock.project = project
    dock.dataset.setCurrentText("images")
    dock.form.data_dir.setText(str(root))
    dock.device.setCurrentText("cpu")
    dock.start()
    dock.toggle_pause()  # kept until the trainer exists: the run waits before its first batch
    qtbot.waitUntil(lambda: "Training on pets" in dock.status.text(), timeout=60_000)
    assert "Skipped 1 unreadable image in pets: dogs/broken.png." in dock.status.text()
    with qtbot.waitSignal(dock.training_finished, timeout=30_000):
        dock.stop()
    assert dock.shutdown(10_000)
