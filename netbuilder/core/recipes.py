"""Recipes of the classic networks. ``scripts/build_presets.py`` turns them into the
JSON documents under ``presets/``; tests check both against torch/torchvision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netbuilder.core.builder import Builder
from netbuilder.core.document import Project
from netbuilder.core.training_config import TrainingConfig

IMAGENET = {"channels": 3, "height": 224, "width": 224}


def lenet5() -> Project:
    b = Builder()
    b.add("Input", channels=1, height=28, width=28)
    net = _Numbered(b, "net")  # d2l writes self.net = nn.Sequential(...)
    net.add("Conv2d", out_channels=6, kernel_size=5, padding=2)
    net.add("Sigmoid")
    net.add("AvgPool2d", kernel_size=2, stride=2)
    net.add("Conv2d", out_channels=16, kernel_size=5)
    net.add("Sigmoid")
    net.add("AvgPool2d", kernel_size=2, stride=2)
    net.add("Flatten")
    for width in (120, 84):
        net.add("Linear", out_features=width)
        net.add("Sigmoid")
    net.add("Linear", out_features=10)
    return b.project(
        "lenet5",
        "LeNet-5: two sigmoid conv layers with average pooling, then three dense layers.",
        "LeCun et al. 1998; d2l.ai chapter 7.6 (LeNet)",
        # Sigmoid LeNet stalls at chance with a flat lr on digits; one-cycle warms up and
        # anneals, reaching ~0.98 validation accuracy in 12 epochs.
        TrainingConfig(epochs=12, batch_size=16, optimizer="adam", lr=0.01, schedule="onecycle"),
    )


def mlp_mnist() -> Project:
    b = Builder()
    b.add("Input", channels=1, height=28, width=28)
    b.add("Flatten")
    for width in (512, 256, 128, 64):
        b.add("Linear", out_features=width)
        b.add("ReLU")
    b.add("Linear", out_features=10)
    return b.project(
        "mlp_mnist",
        "Five-layer ReLU perceptron 784-512-256-128-64-10 for handwritten digits.",
        "PyTorch course (Liu Er), lecture 9: softmax classifier on MNIST",
        # The course's SGD (lr 0.01, momentum 0.5) needs MNIST's 60,000 images; on the
        # 1,437 training digits it ends near 0.28. Adam reaches ~0.96 in 10 epochs.
        TrainingConfig(epochs=10, batch_size=32, optimizer="adam", lr=0.001),
    )


_MNIST_INCEPTION = {
    "variant": "mnist",
    "c1": 16,
    "c3_reduce": 16,
    "c3": 24,
    "c5_reduce": 16,
    "c5": 24,
    "pool_proj": 24,
}


def inception_mnist() -> Project:
    b = Builder()
    b.add("Input", channels=1, height=28, width=28)
    b.add("Conv2d", out_channels=10, kernel_size=5)
    b.add("MaxPool2d", kernel_size=2)
    b.add("ReLU")
    b.add("Inception", label="incep1", **_MNIST_INCEPTION)
    b.add("Conv2d", out_channels=20, kernel_size=5)
    b.add("MaxPool2d", kernel_size=2)
    b.add("ReLU")
    b.add("Inception", label="incep2", **_MNIST_INCEPTION)
    b.add("Flatten")
    b.add("Linear", out_features=10)
    return b.project(
        "inception_mnist",
        "Small GoogLeNet for MNIST: two 88-channel Inception blocks, 1408 features.",
        "PyTorch course (Liu Er), lecture 11: advanced CNN (Inception)",
        # As for mlp_mnist: the course's SGD stalls near 0.22 on digits; Adam at lr 0.002
        # reaches ~0.97 in 5 epochs.
        TrainingConfig(epochs=5, batch_size=32, optimizer="adam", lr=0.002),
    )


def name_gru() -> Project:
    b = Builder()
    b.add("Input", kind="tokens", length=20, vocab=128)
    b.add("Embedding", num_embeddings=128, embedding_dim=100)
    b.add("GRU", hidden_size=100, num_layers=2, output="last")
    b.add("Linear", out_features=18)
    return b.project(
        "name_gru",
        "Name → country classifier: ASCII codes, embedding 100, 2-layer GRU 100, 18 countries. "
        "Names are zero-padded to 20 codes and the GRU reads the padding too (no packed "
        "sequences, unlike the course): its last state comes after the padding.",
        "PyTorch course (Liu Er), lecture 13: RNN classifier",
        TrainingConfig(dataset="names", epochs=10, batch_size=256, optimizer="adam", lr=0.001),
    )


def char_rnn() -> Project:
    b = Builder()
    b.add("Input", kind="sequence", length=5, features=4)
    b.add("RNN", hidden_size=4)  # its 4 hidden units are the 4 symbols' scores: 40 params
    return b.project(
        "char_rnn",
        "Learns 'hello' → 'ohlol': one-hot 4-symbol input, an RNN with hidden size 4 whose "
        "state at each step scores the 4 symbols (40 parameters).",
        "PyTorch course (Liu Er), lecture 12: basic RNN with torch.nn.RNN",
        TrainingConfig(
            dataset="hello", epochs=15, batch_size=1, optimizer="adam", lr=0.05, val_split=0.0
        ),
    )


def logistic() -> Project:
    b = Builder()
    b.add("Input", kind="vector", features=8)
    for width in (6, 4, 1):
        b.add("Linear", out_features=width)
        b.add("Sigmoid")
    return b.project(
        "logistic",
        "Diabetes logistic regression 8-6-4-1 with sigmoids (CSV, last column is the label).",
        "PyTorch course (Liu Er), lectures 7-8: multi-dimensional input, Dataset",
        TrainingConfig(
            dataset="csv", task="binary", epochs=100, batch_size=32, optimizer="sgd", lr=0.1
        ),
    )


def alexnet() -> Project:
    b = Builder()
    b.add("Input", **IMAGENET)
    features = _Numbered(b, "features")
    features.add("Conv2d", out_channels=64, kernel_size=11, stride=4, padding=2)
    features.add("ReLU")
    features.add("MaxPool2d", kernel_size=3, stride=2)
    features.add("Conv2d", out_channels=192, kernel_size=5, padding=2)
    features.add("ReLU")
    features.add("MaxPool2d", kernel_size=3, stride=2)
    for channels in (384, 256, 256):
        features.add("Conv2d", out_channels=channels, kernel_size=3, padding=1)
        features.add("ReLU")
    features.add("MaxPool2d", kernel_size=3, stride=2)
    b.add("AdaptiveAvgPool2d", label="avgpool", output_size=6)
    b.add("Flatten", label="flatten")
    classifier = _Numbered(b, "classifier")
    classifier.add("Dropout", p=0.5)
    classifier.add("Linear", out_features=4096)
    classifier.add("ReLU")
    classifier.add("Dropout", p=0.5)
    classifier.add("Linear", out_features=4096)
    classifier.add("ReLU")
    classifier.add("Linear", out_features=1000)
    return b.project(
        "alexnet",
        "AlexNet as in torchvision: five conv layers, three dense layers, ImageNet 1000 classes.",
        "Krizhevsky et al. 2012; d2l.ai chapter 8.1; torchvision.models.alexnet",
        TrainingConfig(dataset="cifar10", epochs=10, batch_size=128, optimizer="sgd", lr=0.01),
    )


#: torchvision's VGG configurations: channels of each 3×3 conv, "M" for a 2×2 max pool.
_VGG_CONFIGS = {
    "A": (64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"),
    "D": (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M")
    + (512, 512, 512, "M"),
}


def _vgg(name: str, config: str, batch_norm: bool, title: str) -> Project:
    b = Builder()
    b.add("Input", **IMAGENET)
    features = _Numbered(b, "features")
    for entry in _VGG_CONFIGS[config]:
        if entry == "M":
            features.add("MaxPool2d", kernel_size=2, stride=2)
            continue
        features.add("Conv2d", out_channels=entry, kernel_size=3, padding=1)
        if batch_norm:
            features.add("BatchNorm2d")
        features.add("ReLU")
    b.add("AdaptiveAvgPool2d", label="avgpool", output_size=7)
    b.add("Flatten", label="flatten")
    classifier = _Numbered(b, "classifier")
    for _ in range(2):
        classifier.add("Linear", out_features=4096)
        classifier.add("ReLU")
        classifier.add("Dropout", p=0.5)
    classifier.add("Linear", out_features=1000)
    norm = " and batch norm" if batch_norm else ""
    return b.project(
        name,
        f"{title} as in torchvision: 3×3 convs{norm} between max pools, three dense layers, "
        "1000 classes.",
        "Simonyan & Zisserman 2014; d2l.ai chapter 8.2; torchvision.models." + name,
        TrainingConfig(dataset="cifar10", epochs=10, batch_size=64, optimizer="sgd", lr=0.01),
    )


def vgg11() -> Project:
    return _vgg("vgg11", "A", False, "VGG-11")


def vgg11_bn() -> Project:
    return _vgg("vgg11_bn", "A", True, "VGG-11 with batch normalisation")


def vgg16() -> Project:
    return _vgg("vgg16", "D", False, "VGG-16")


def nin() -> Project:
    b = Builder()
    b.add("Input", channels=1, height=224, width=224)
    b.add("NiNBlock", out_channels=96, kernel_size=11, stride=4, padding=0)
    b.add("MaxPool2d", kernel_size=3, stride=2)
    b.add("NiNBlock", out_channels=256, kernel_size=5, stride=1, padding=2)
    b.add("MaxPool2d", kernel_size=3, stride=2)
    b.add("NiNBlock", out_channels=384, kernel_size=3, stride=1, padding=1)
    b.add("MaxPool2d", kernel_size=3, stride=2)
    b.add("Dropout", p=0.5)
    b.add("NiNBlock", out_channels=10, kernel_size=3, stride=1, padding=1)
    b.add("AdaptiveAvgPool2d", output_size=1)
    b.add("Flatten")
    return b.project(
        "nin",
        "Network in Network: NiN blocks (conv + two 1×1 convs), global average pool, 10 classes.",
        "Lin et al. 2013; d2l.ai chapter 8.3 (Fashion-MNIST at 224×224)",
        TrainingConfig(dataset="fashion_mnist", epochs=10, batch_size=128, optimizer="sgd", lr=0.1),
    )


_GOOGLENET_INCEPTIONS = {
    "inception3a": (64, 96, 128, 16, 32, 32),
    "inception3b": (128, 128, 192, 32, 96, 64),
    "inception4a": (192, 96, 208, 16, 48, 64),
    "inception4b": (160, 112, 224, 24, 64, 64),
    "inception4c": (128, 128, 256, 24, 64, 64),
    "inception4d": (112, 144, 288, 32, 64, 64),
    "inception4e": (256, 160, 320, 32, 128, 128),
    "inception5a": (256, 160, 320, 32, 128, 128),
    "inception5b": (384, 192, 384, 48, 128, 128),
}
_BRANCHES = ("c1", "c3_reduce", "c3", "c5_reduce", "c5", "pool_proj")


def googlenet() -> Project:
    b = Builder()
    b.add("Input", **IMAGENET)

    def basic(name: str, channels: int, kernel: int, stride: int = 1, padding: int = 0) -> None:
        # torchvision's BasicConv2d: conv (no bias), BN with eps 0.001, ReLU
        b.add(
            "Conv2d",
            label=f"{name}.conv",
            out_channels=channels,
            kernel_size=kernel,
            stride=stride,
            padding=padding,
            bias=False,
        )
        b.add("BatchNorm2d", label=f"{name}.bn", eps=0.001)
        b.add("ReLU", label=f"{name}.relu")

    def inception(name: str) -> None:
        b.add(
            "Inception",
            label=name,
            **dict(zip(_BRANCHES, _GOOGLENET_INCEPTIONS[name], strict=True)),
        )

    def pool(name: str, kernel: int = 3) -> None:
        b.add("MaxPool2d", label=name, kernel_size=kernel, stride=2, ceil_mode=True)

    basic("conv1", 64, 7, 2, 3)
    pool("maxpool1")
    basic("conv2", 64, 1)
    basic("conv3", 192, 3, 1, 1)
    pool("maxpool2")
    inception("inception3a")
    inception("inception3b")
    pool("maxpool3")
    for name in ("inception4a", "inception4b", "inception4c", "inception4d", "inception4e"):
        inception(name)
    pool("maxpool4", 2)
    inception("inception5a")
    inception("inception5b")
    b.add("AdaptiveAvgPool2d", label="avgpool", output_size=1)
    b.add("Flatten", label="flatten")
    b.add("Dropout", label="dropout", p=0.2)
    b.add("Linear", label="fc", out_features=1000)
    return b.project(
        "googlenet",
        "GoogLeNet (Inception v1) as in torchvision without auxiliary heads: 9 Inception blocks.",
        "Szegedy et al. 2014; d2l.ai chapter 8.4; torchvision.models.googlenet",
        TrainingConfig(dataset="cifar10", epochs=10, batch_size=64, optimizer="sgd", lr=0.01),
    )


def _resnet(name: str, block: str, blocks: tuple[int, ...], title: str) -> Project:
    b = Builder()
    b.add("Input", **IMAGENET)
    b.add("Conv2d", label="conv1", out_channels=64, kernel_size=7, stride=2, padding=3, bias=False)
    b.add("BatchNorm2d", label="bn1")
    b.add("ReLU", label="relu")
    b.add("MaxPool2d", label="maxpool", kernel_size=3, stride=2, padding=1)
    width = "out_channels" if block == "Residual" else "channels"
    for stage, (count, channels) in enumerate(zip(blocks, (64, 128, 256, 512), strict=True), 1):
        for index in range(count):
            stride = 2 if stage > 1 and index == 0 else 1
            b.add(block, label=f"layer{stage}.{index}", stride=stride, **{width: channels})
    b.add("AdaptiveAvgPool2d", label="avgpool", output_size=1)
    b.add("Flatten", label="flatten")
    b.add("Linear", label="fc", out_features=1000)
    return b.project(
        name,
        title,
        f"He et al. 2015; d2l.ai chapter 8.6; torchvision.models.{name}",
        TrainingConfig(dataset="cifar10", epochs=10, batch_size=64, optimizer="sgd", lr=0.01),
    )


def resnet18() -> Project:
    return _resnet(
        "resnet18",
        "Residual",
        (2, 2, 2, 2),
        "ResNet-18 as in torchvision: 8 basic residual blocks in 4 stages, 1000 classes.",
    )


def resnet50() -> Project:
    return _resnet(
        "resnet50",
        "Bottleneck",
        (3, 4, 6, 3),
        "ResNet-50 as in torchvision: 16 bottleneck blocks in 4 stages, 1000 classes.",
    )


#: torchvision's MobileNetV2 stages: expand ratio, channels, blocks, stride of the first.
_MOBILENET_V2 = (
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)


def mobilenet_v2() -> Project:
    b = Builder()
    b.add("Input", **IMAGENET)
    features = _Numbered(b, "features")

    def conv_bn_relu6(channels: int, kernel: int, stride: int = 1) -> None:
        layer = _Numbered(b, features.next())  # torchvision's Conv2dNormActivation
        padding = (kernel - 1) // 2
        layer.add(
            "Conv2d",
            out_channels=channels,
            kernel_size=kernel,
            stride=stride,
            padding=padding,
            bias=False,
        )
        layer.add("BatchNorm2d")
        layer.add("ReLU6")

    conv_bn_relu6(32, 3, 2)
    for ratio, channels, count, stride in _MOBILENET_V2:
        for index in range(count):
            features.add(
                "InvertedResidual",
                out_channels=channels,
                stride=stride if index == 0 else 1,
                expand_ratio=ratio,
            )
    conv_bn_relu6(1280, 1)
    b.add("AdaptiveAvgPool2d", label="avgpool", output_size=1)
    b.add("Flatten", label="flatten")
    classifier = _Numbered(b, "classifier")
    classifier.add("Dropout", p=0.2)
    classifier.add("Linear", out_features=1000)
    return b.project(
        "mobilenet_v2",
        "MobileNetV2 as in torchvision: 17 inverted residual blocks with depthwise 3×3 convs "
        "and ReLU6, 1000 classes.",
        "Sandler et al. 2018; torchvision.models.mobilenet_v2",
        TrainingConfig(dataset="cifar10", epochs=10, batch_size=64, optimizer="sgd", lr=0.01),
    )


def squeezenet1_1() -> Project:
    b = Builder()
    b.add("Input", **IMAGENET)
    features = _Numbered(b, "features")
    features.add("Conv2d", out_channels=64, kernel_size=3, stride=2)
    features.add("ReLU")
    for fires in (((16, 64),) * 2, ((32, 128),) * 2, ((48, 192),) * 2 + ((64, 256),) * 2):
        features.add("MaxPool2d", kernel_size=3, stride=2, ceil_mode=True)
        for squeeze, expand in fires:
            features.add("Fire", squeeze=squeeze, expand1x1=expand, expand3x3=expand)
    classifier = _Numbered(b, "classifier")
    classifier.add("Dropout", p=0.5)
    classifier.add("Conv2d", out_channels=1000, kernel_size=1)
    classifier.add("ReLU")
    classifier.add("AdaptiveAvgPool2d", output_size=1)
    b.add("Flatten", label="flatten")
    return b.project(
        "squeezenet1_1",
        "SqueezeNet 1.1 as in torchvision: 8 Fire modules, a 1×1 conv classifier with "
        "global average pooling, 1000 classes.",
        "Iandola et al. 2016; torchvision.models.squeezenet1_1",
        TrainingConfig(dataset="cifar10", epochs=10, batch_size=64, optimizer="sgd", lr=0.01),
    )


def densenet121() -> Project:
    b = Builder()
    b.add("Input", **IMAGENET)
    b.add(
        "Conv2d",
        label="features.conv0",
        out_channels=64,
        kernel_size=7,
        stride=2,
        padding=3,
        bias=False,
    )
    b.add("BatchNorm2d", label="features.norm0")
    b.add("ReLU", label="features.relu0")
    b.add("MaxPool2d", label="features.pool0", kernel_size=3, stride=2, padding=1)
    channels = 64
    for i, layers in enumerate((6, 12, 24, 16), start=1):
        b.add("DenseBlock", label=f"features.denseblock{i}", num_layers=layers, growth_rate=32)
        channels += 32 * layers
        if i < 4:
            channels //= 2
            b.add("Transition", label=f"features.transition{i}", out_channels=channels)
    b.add("BatchNorm2d", label="features.norm5")
    b.add("ReLU", label="relu")
    b.add("AdaptiveAvgPool2d", label="avgpool", output_size=1)
    b.add("Flatten", label="flatten")
    b.add("Linear", label="classifier", out_features=1000)
    return b.project(
        "densenet121",
        "DenseNet-121 as in torchvision: 4 dense blocks (6, 12, 24, 16 layers, growth 32) "
        "joined by transitions, 1000 classes.",
        "Huang et al. 2017; torchvision.models.densenet121",
        TrainingConfig(dataset="cifar10", epochs=10, batch_size=32, optimizer="sgd", lr=0.01),
    )


class _Numbered:
    """Adds layers labelled ``prefix.0``, ``prefix.1`` … (an ``nn.Sequential``)."""

    def __init__(self, builder: Builder, prefix: str) -> None:
        self.builder = builder
        self.prefix = prefix
        self.count = 0

    def next(self) -> str:
        """The next label, taken (for a nested container: ``features.0`` then ``.0`` …)."""
        self.count += 1
        return f"{self.prefix}.{self.count - 1}"

    def add(self, type_name: str, **params: Any) -> str:
        return self.builder.add(type_name, label=self.next(), **params)


#: Every preset, in the order menus list them.
RECIPES: dict[str, Callable[[], Project]] = {
    "lenet5": lenet5,
    "alexnet": alexnet,
    "vgg11": vgg11,
    "vgg11_bn": vgg11_bn,
    "vgg16": vgg16,
    "nin": nin,
    "googlenet": googlenet,
    "resnet18": resnet18,
    "resnet50": resnet50,
    "mobilenet_v2": mobilenet_v2,
    "squeezenet1_1": squeezenet1_1,
    "densenet121": densenet121,
    "mlp_mnist": mlp_mnist,
    "inception_mnist": inception_mnist,
    "char_rnn": char_rnn,
    "name_gru": name_gru,
    "logistic": logistic,
}
