"""Every preset against the same network written independently in torch.

Small presets are written here from their sources (d2l, the course's seeds) as a list of
modules, one per NetBuilder node, and run layer by layer: each node's output shape,
parameters and FLOPs (½ of FlopCounterMode) must match. The ImageNet presets are compared
with torchvision's models: total parameters, buffers and FLOPs, the final output shape,
and the output shape, parameters and buffers of the module each node's label names
(labels are torchvision's module paths: ``features.0``, ``layer1.0``; forward hooks).
All expected numbers come from torch, except LeNet-5's, which DESIGN §2 states.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import torch
import torchinfo
import torchvision
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from netbuilder.core.analysis import NodeStats, analyse
from netbuilder.core.presets import PRESET_NAMES, load_preset


def our_layers(name: str) -> list[tuple[str, str, NodeStats]]:
    """``(label or id, type, stats)`` of every node but the Input, in analysis order."""
    project = load_preset(name)
    analysis = analyse(project.graph)
    assert analysis.errors() == []
    out = []
    for nid, stats in analysis.all().items():
        node = project.graph.node(nid)
        if node.type != "Input":
            out.append((node.label or nid, node.type, stats))
    return out


def flops_of(module: nn.Module, *inputs: torch.Tensor) -> tuple[torch.Tensor, int]:
    with FlopCounterMode(display=False) as counter:
        out = module(*inputs)
    return out, counter.get_total_flops()


def numel(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# -- small presets, written from their sources -------------------------------------------------
class LastStep(nn.Module):
    """A batch_first recurrent layer; returns the output of the last step."""

    def __init__(self, rnn: nn.Module) -> None:
        super().__init__()
        self.rnn = rnn

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.rnn(x)[0][:, -1]


class AllSteps(nn.Module):
    def __init__(self, rnn: nn.Module) -> None:
        super().__init__()
        self.rnn = rnn

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.rnn(x)[0]


class InceptionA(nn.Module):
    """The course's (seeds') MNIST Inception block: 24 + 16 + 24 + 24 = 88 channels."""

    def __init__(self, in_channel: int) -> None:
        super().__init__()
        self.branch_pool_1 = nn.AvgPool2d(3, 1, 1)
        self.branch_pool_2 = nn.Conv2d(in_channel, 24, 1)
        self.branch1x1 = nn.Conv2d(in_channel, out_channels=16, kernel_size=1, stride=1)
        self.branch5x5_1 = nn.Conv2d(in_channel, out_channels=16, kernel_size=1)
        self.branch5x5_2 = nn.Conv2d(16, out_channels=24, kernel_size=5, padding=2)
        self.branch3x3_1 = nn.Conv2d(in_channel, out_channels=16, kernel_size=1, stride=1)
        self.branch3x3_2 = nn.Conv2d(16, out_channels=24, kernel_size=3, padding=1)
        self.branch3x3_3 = nn.Conv2d(24, out_channels=24, kernel_size=3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        branch_pool = self.branch_pool_2(self.branch_pool_1(x))
        branch1x1 = self.branch1x1(x)
        branch5x5 = self.branch5x5_2(self.branch5x5_1(x))
        branch3x3 = self.branch3x3_3(self.branch3x3_2(self.branch3x3_1(x)))
        return torch.cat([branch_pool, branch1x1, branch5x5, branch3x3], dim=1)


def nin_block(cin: int, cout: int, kernel_size: int, strides: int, padding: int) -> nn.Module:
    """d2l.ai 8.3."""
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel_size, strides, padding),
        nn.ReLU(),
        nn.Conv2d(cout, cout, kernel_size=1),
        nn.ReLU(),
        nn.Conv2d(cout, cout, kernel_size=1),
        nn.ReLU(),
    )


def reference(name: str) -> tuple[list[nn.Module], torch.Tensor]:
    """One torch module per NetBuilder node, and an input of batch 1."""
    if name == "lenet5":  # d2l.ai 7.6
        layers = [
            nn.Conv2d(1, 6, kernel_size=5, padding=2),
            nn.Sigmoid(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Conv2d(6, 16, kernel_size=5),
            nn.Sigmoid(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120),
            nn.Sigmoid(),
            nn.Linear(120, 84),
            nn.Sigmoid(),
            nn.Linear(84, 10),
        ]
        return layers, torch.randn(1, 1, 28, 28)
    if name == "mlp_mnist":
        widths = [784, 512, 256, 128, 64]
        layers: list[nn.Module] = [nn.Flatten()]
        for a, b in zip(widths, widths[1:], strict=False):
            layers += [nn.Linear(a, b), nn.ReLU()]
        return layers + [nn.Linear(64, 10)], torch.randn(1, 1, 28, 28)
    if name == "inception_mnist":  # the seeds' Net
        layers = [
            nn.Conv2d(1, 10, kernel_size=5),
            nn.MaxPool2d(2),
            nn.ReLU(),
            InceptionA(in_channel=10),
            nn.Conv2d(88, 20, kernel_size=5),
            nn.MaxPool2d(2),
            nn.ReLU(),
            InceptionA(in_channel=20),
            nn.Flatten(),
            nn.Linear(1408, 10),
        ]
        return layers, torch.randn(1, 1, 28, 28)
    if name == "name_gru":
        layers = [
            nn.Embedding(128, 100),
            LastStep(nn.GRU(100, 100, num_layers=2, batch_first=True)),
            nn.Linear(100, 18),
        ]
        return layers, torch.randint(0, 128, (1, 20), dtype=torch.long)
    if name == "char_rnn":
        layers = [AllSteps(nn.RNN(4, 4, batch_first=True))]
        return layers, torch.randn(1, 5, 4)
    if name == "logistic":
        layers = [
            nn.Linear(8, 6),
            nn.Sigmoid(),
            nn.Linear(6, 4),
            nn.Sigmoid(),
            nn.Linear(4, 1),
            nn.Sigmoid(),
        ]
        return layers, torch.randn(1, 8)
    if name == "nin":  # d2l.ai 8.3 at 1×224×224
        layers = [
            nin_block(1, 96, kernel_size=11, strides=4, padding=0),
            nn.MaxPool2d(3, stride=2),
            nin_block(96, 256, kernel_size=5, strides=1, padding=2),
            nn.MaxPool2d(3, stride=2),
            nin_block(256, 384, kernel_size=3, strides=1, padding=1),
            nn.MaxPool2d(3, stride=2),
            nn.Dropout(0.5),
            nin_block(384, 10, kernel_size=3, strides=1, padding=1),
            nn.AdaptiveAvgPool2d((1, 1)),
            nn.Flatten(),
        ]
        return layers, torch.randn(1, 1, 224, 224)
    raise KeyError(name)


HAND_WRITTEN = ["lenet5", "mlp_mnist", "inception_mnist", "name_gru", "char_rnn", "logistic", "nin"]


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_small_preset_layer_by_layer(name: str) -> None:
    ours = our_layers(name)
    layers, x = reference(name)
    assert len(ours) == len(layers)
    total_params = total_flops = 0
    with torch.no_grad():
        for (label, type_name, stats), layer in zip(ours, layers, strict=True):
            layer.eval()
            x, flops = flops_of(layer, x)
            where = f"{name} {label} ({type_name})"
            assert stats.shape == tuple(x.shape[1:]), where
            assert stats.params == numel(layer), where
            if not isinstance(layer, nn.LSTM):
                assert 2 * stats.flops == flops, where
            total_params += numel(layer)
            total_flops += flops
    totals = analyse(load_preset(name).graph).totals()
    assert totals.params == total_params
    assert 2 * totals.flops == total_flops


def test_lenet5_matches_the_design_numbers() -> None:
    totals = analyse(load_preset("lenet5").graph).totals()
    assert totals.params == 61_706
    assert totals.flops == 416_520
    convs = [s.flops for _, t, s in our_layers("lenet5") if t == "Conv2d"]
    assert convs == [117_600, 240_000]


def test_the_seeds_mnist_inception_has_88_channels_and_1408_features() -> None:
    shapes = {label: stats.shape for label, _, stats in our_layers("inception_mnist")}
    assert shapes["incep1"] == (88, 12, 12)
    assert shapes["incep2"] == (88, 4, 4)


# -- ImageNet presets against torchvision ---------------------------------------------------------
IMAGENET = {
    "alexnet": lambda: torchvision.models.alexnet(weights=None),
    "vgg11": lambda: torchvision.models.vgg11(weights=None),
    "vgg11_bn": lambda: torchvision.models.vgg11_bn(weights=None),
    "vgg16": lambda: torchvision.models.vgg16(weights=None),
    "googlenet": lambda: torchvision.models.googlenet(
        weights=None, aux_logits=False, init_weights=False
    ),
    "resnet18": lambda: torchvision.models.resnet18(weights=None),
    "resnet50": lambda: torchvision.models.resnet50(weights=None),
    "mobilenet_v2": lambda: torchvision.models.mobilenet_v2(weights=None),
    "squeezenet1_1": lambda: torchvision.models.squeezenet1_1(weights=None),
    "densenet121": lambda: torchvision.models.densenet121(weights=None),
}

#: Steps torchvision writes as functions in ``forward`` (``torch.flatten``, ``F.relu``,
#: ``F.adaptive_avg_pool2d``) and NetBuilder as parameter-free nodes.
FUNCTIONAL = {"Flatten", "ReLU", "AdaptiveAvgPool2d"}


def hooked_shapes(
    model: nn.Module, names: Sequence[str], x: torch.Tensor
) -> tuple[torch.Tensor, int, dict[str, tuple]]:
    """Run ``model`` once; record the input and output shape of each named module."""
    modules = dict(model.named_modules())
    seen: dict[str, tuple] = {}
    handles = []
    for name in set(names):

        def hook(module, args, out, name=name) -> None:
            seen[name] = (tuple(args[0].shape[1:]), tuple(out.shape[1:]))

        handles.append(modules[name].register_forward_hook(hook))
    try:
        with torch.no_grad():
            out, flops = flops_of(model, x)
    finally:
        for handle in handles:
            handle.remove()
    return out, flops, seen


@pytest.fixture(scope="module")
def torchvision_runs() -> dict[str, tuple]:
    """Each torchvision model built once and run once at 1×3×224×224, with the output
    shape of every module a preset node is labelled with (the labels are module paths)."""
    torch.manual_seed(0)
    runs = {}
    x = torch.randn(1, 3, 224, 224)
    for name, make in IMAGENET.items():
        model = make().eval()
        modules = dict(model.named_modules())
        names = [label for label, _, _ in our_layers(name) if label in modules]
        out, flops, seen = hooked_shapes(model, names, x)
        runs[name] = (numel(model), flops, tuple(out.shape[1:]), seen, model)
    return runs


@pytest.mark.parametrize("name", sorted(IMAGENET))
def test_imagenet_preset_equals_torchvision(name: str, torchvision_runs) -> None:
    total_params, flops, out_shape, seen, model = torchvision_runs[name]
    modules = dict(model.named_modules())
    totals = analyse(load_preset(name).graph).totals()
    assert totals.params == total_params
    assert totals.buffers == sum(b.numel() for b in model.buffers())
    assert 2 * totals.flops == flops
    ours = our_layers(name)
    assert ours[-1][2].shape == out_shape == (1000,)
    matched = []
    for i, (label, type_name, stats) in enumerate(ours):
        where = f"{name} node {i} {label} ({type_name})"
        if label not in modules:
            # torchvision calls a function in forward(): no parameters, nothing to load.
            assert type_name in FUNCTIONAL and stats.params == stats.buffers == 0, where
            continue
        matched.append(label)
        module = modules[label]
        assert stats.shape == seen[label][1], where
        assert stats.params == numel(module), where
        assert stats.buffers == sum(b.numel() for b in module.buffers()), where
        if not stats.inner:  # a plain node is the same kind of layer
            assert type(module).__name__ == type_name, where
    # Every parameter and buffer of torchvision's model sits in a module a node names.
    keys = model.state_dict()
    assert all(any(key.startswith(f"{m}.") for m in matched) for key in keys), name


@pytest.mark.parametrize("name", ["alexnet", "googlenet", "resnet18", "resnet50", "densenet121"])
def test_torchinfo_agrees_on_params(name: str, torchvision_runs) -> None:
    model = torchvision_runs[name][4]
    info = torchinfo.summary(model, input_size=(1, 3, 224, 224), verbose=0, device="cpu")
    totals = analyse(load_preset(name).graph).totals()
    assert totals.params == info.total_params == info.trainable_params


def test_every_preset_is_checked() -> None:
    assert sorted(HAND_WRITTEN + list(IMAGENET)) == sorted(PRESET_NAMES)
