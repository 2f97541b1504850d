"""Hand-written twins of presets (used by the benchmark, and to test the trainer on its own)."""

from __future__ import annotations

import torch
from torch import nn


class LeNet5(nn.Module):
    """The d2l LeNet-5 (sigmoid, average pooling), written by hand."""

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5, padding=2)
        self.sigmoid1 = nn.Sigmoid()
        self.pool1 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.sigmoid2 = nn.Sigmoid()
        self.pool2 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(400, 120)
        self.sigmoid3 = nn.Sigmoid()
        self.fc2 = nn.Linear(120, 84)
        self.sigmoid4 = nn.Sigmoid()
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool1(self.sigmoid1(self.conv1(x)))
        x = self.pool2(self.sigmoid2(self.conv2(x)))
        x = self.flatten(x)
        x = self.sigmoid3(self.fc1(x))
        x = self.sigmoid4(self.fc2(x))
        return self.fc3(x)


class Logistic(nn.Module):
    """The seeds' diabetes model 8-6-4-1 with sigmoids."""

    def __init__(self, features: int = 8) -> None:
        super().__init__()
        self.fc1 = nn.Linear(features, 6)
        self.fc2 = nn.Linear(6, 4)
        self.fc3 = nn.Linear(4, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.sigmoid(self.fc1(x))
        x = self.sigmoid(self.fc2(x))
        return self.sigmoid(self.fc3(x))
