"""Models written the way the course notes and d2l write them, to be imported.

Each is ordinary PyTorch code: ``x.view(-1, 784)``, ``x.size(0)``, ``F.relu``,
``F.max_pool2d``, tuple outputs of recurrent layers, ``hidden[-1]`` …
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812


class MLP(nn.Module):
    """Lecture 9: MNIST with five linear layers, x.view(-1, 784) and F.relu."""

    def __init__(self) -> None:
        super().__init__()
        self.l1 = nn.Linear(784, 512)
        self.l2 = nn.Linear(512, 256)
        self.l3 = nn.Linear(256, 128)
        self.l4 = nn.Linear(128, 64)
        self.l5 = nn.Linear(64, 10)

    def forward(self, x):
        x = x.view(-1, 784)
        x = F.relu(self.l1(x))
        x = F.relu(self.l2(x))
        x = F.relu(self.l3(x))
        x = F.relu(self.l4(x))
        return self.l5(x)


class CNN(nn.Module):
    """Lecture 10: two convolutions, F.max_pool2d, batch_size = x.size(0)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.fc = nn.Linear(320, 10)

    def forward(self, x):
        batch_size = x.size(0)
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), kernel_size=2, stride=2))
        x = x.view(batch_size, -1)
        return F.log_softmax(self.fc(x), dim=1)


class LeNetShape(nn.Module):
    """x.shape[0] for the batch, torch.sigmoid, F.avg_pool2d, nn.Identity, dropout."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.skip = nn.Identity()
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.avg_pool2d(torch.sigmoid(self.conv1(x)), 2)
        x = F.avg_pool2d(torch.sigmoid(self.conv2(x)), 2)
        x = self.skip(x).reshape(x.shape[0], -1)
        x = F.dropout(torch.sigmoid(self.fc1(x)), 0.5, training=self.training)
        x = F.gelu(self.fc2(x))
        return self.fc3(x)


class InceptionA(nn.Module):
    """Lecture 11's Inception block (88 channels), with F.avg_pool2d and torch.cat."""

    def __init__(self, in_channels):
        super().__init__()
        self.branch1x1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_2 = nn.Conv2d(16, 24, kernel_size=5, padding=2)
        self.branch3x3_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch3x3_2 = nn.Conv2d(16, 24, kernel_size=3, padding=1)
        self.branch3x3_3 = nn.Conv2d(24, 24, kernel_size=3, padding=1)
        self.branch_pool = nn.Conv2d(in_channels, 24, kernel_size=1)

    def forward(self, x):
        branch1x1 = self.branch1x1(x)
        branch5x5 = self.branch5x5_2(self.branch5x5_1(x))
        branch3x3 = self.branch3x3_3(self.branch3x3_2(self.branch3x3_1(x)))
        branch_pool = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1))
        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]
        return torch.cat(outputs, dim=1)


class ResidualBlock(nn.Module):
    """Lecture 11's residual block: F.relu(x + y)."""

    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x):
        y = F.relu(self.conv1(x))
        y = self.conv2(y)
        return F.relu(x + y)


class GoogLeNetMNIST(nn.Module):
    """Lecture 11: two Inception blocks on MNIST (1408 features)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(88, 20, kernel_size=5)
        self.incep1 = InceptionA(in_channels=10)
        self.incep2 = InceptionA(in_channels=20)
        self.mp = nn.MaxPool2d(2)
        self.fc = nn.Linear(1408, 10)

    def forward(self, x):
        in_size = x.size(0)
        x = F.relu(self.mp(self.conv1(x)))
        x = self.incep1(x)
        x = F.relu(self.mp(self.conv2(x)))
        x = self.incep2(x)
        x = x.view(in_size, -1)
        return self.fc(x)


class ResNetMNIST(nn.Module):
    """Lecture 11: a small residual network on MNIST."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=5)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=5)
        self.mp = nn.MaxPool2d(2)
        self.rblock1 = ResidualBlock(16)
        self.rblock2 = ResidualBlock(32)
        self.fc = nn.Linear(512, 10)

    def forward(self, x):
        in_size = x.size(0)
        x = self.mp(F.relu(self.conv1(x)))
        x = self.rblock1(x)
        x = self.mp(F.relu(self.conv2(x)))
        x = self.rblock2(x)
        x = x.view(in_size, -1)
        return self.fc(x)


class NameClassifier(nn.Module):
    """Lecture 13 (batch-first): Embedding → 2-layer GRU → Linear on hidden[-1]."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(128, 100)
        self.gru = nn.GRU(100, 100, num_layers=2, batch_first=True)
        self.fc = nn.Linear(100, 18)

    def forward(self, x):
        embedded = self.embedding(x)
        output, hidden = self.gru(embedded)
        return self.fc(hidden[-1])


class BiLSTM(nn.Module):
    """A bidirectional LSTM classifier on both final states: torch.cat([h[-2], h[-1]])."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(6, 8, num_layers=2, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(16, 3)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return self.fc(torch.cat([h[-2], h[-1]], dim=1))


class LastStep(nn.Module):
    """An RNN read at its last step (out[:, -1]), from an initial state of zeros."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(4, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        hidden = torch.zeros(1, x.size(0), 6)
        out, _ = self.rnn(x, hidden)
        return self.fc(out[:, -1])


class Tagger(nn.Module):
    """Every step of a GRU through a Linear layer (sequence output)."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 5, batch_first=True)
        self.fc = nn.Linear(5, 4)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.fc(out)


class SEBlock(nn.Module):
    """Squeeze-and-excitation: b, c, _, _ = x.size(); x * y.view(b, c, 1, 1)."""

    def __init__(self, channels=16, reduction=4):
        super().__init__()
        self.conv = nn.Conv2d(3, channels, kernel_size=3, padding=1)
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(
            nn.Linear(channels, channels // reduction, bias=False),
            nn.ReLU(inplace=True),
            nn.Linear(channels // reduction, channels, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, x):
        x = self.conv(x)
        b, c, _, _ = x.size()
        y = self.avg_pool(x).view(b, c)
        y = self.fc(y).view(b, c, 1, 1)
        return x * y


class Activations(nn.Module):
    """F.relu6, F.silu, F.hardswish, F.softmax, F.adaptive_max_pool2d, torch.add, flatten."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, kernel_size=3)
        self.fc = nn.Linear(8 * 2 * 2, 5)

    def forward(self, x):
        x = self.conv(x)
        x = torch.add(F.relu6(x), F.silu(x))
        x = F.hardswish(x)
        x = F.adaptive_max_pool2d(x, 2).flatten(1)
        return F.softmax(self.fc(x), dim=1)


# -- what cannot be imported -------------------------------------------------------------
class Rolled(nn.Module):
    """torch.roll has no block."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(torch.roll(x, 1, dims=1))


class BiLastStep(nn.Module):
    """out[:, -1] of a bidirectional GRU: the backward direction after one step."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 5, batch_first=True, bidirectional=True)

    def forward(self, x):
        out, _ = self.gru(x)
        return out[:, -1]


class FixedBatch(nn.Module):
    """Lecture 12's RNN with an initial state made for one batch size only."""

    def __init__(self, batch_size=64):
        super().__init__()
        self.batch_size = batch_size
        self.rnn = nn.RNN(input_size=4, hidden_size=4, num_layers=1, batch_first=True)

    def forward(self, x):
        hidden = torch.zeros(1, self.batch_size, 4)
        out, _ = self.rnn(x, hidden)
        return out


class SeqFirstNames(nn.Module):
    """Lecture 13 as written there (steps first): input.t(), a GRU without batch_first,
    a bidirectional hidden state concatenated forward then backward."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(128, 32)
        self.gru = nn.GRU(32, 16, num_layers=2, bidirectional=True)
        self.fc = nn.Linear(32, 18)

    def forward(self, x):
        x = x.t()
        embedded = self.embedding(x)
        output, hidden = self.gru(embedded)
        hidden_cat = torch.cat([hidden[-2], hidden[-1]], dim=1)
        return self.fc(hidden_cat)


class SeqFirstTagger(nn.Module):
    """A GRU without batch_first between two transposes, every step through a Linear."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 5)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        out, _ = self.gru(x.transpose(0, 1))
        return self.fc(out.transpose(0, 1))


class BackwardFirst(nn.Module):
    """The course's order, torch.cat([hidden[-1], hidden[-2]]): backward state first."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 5, batch_first=True, bidirectional=True)

    def forward(self, x):
        _, hidden = self.gru(x)
        return torch.cat([hidden[-1], hidden[-2]], dim=1)


class Squeezes(nn.Module):
    """unsqueeze / squeeze around 1-D convolutions and pools, torch.tanh, F.avg_pool1d."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(1, 4, kernel_size=3)
        self.fc = nn.Linear(4 * 3, 2)

    def forward(self, x):
        x = torch.tanh(self.conv(x.unsqueeze(1)))
        x = F.avg_pool1d(F.max_pool1d(x, 2), kernel_size=2)
        x = x.unsqueeze(-1).squeeze(-1)
        return self.fc(x.reshape(x.size(0), 4 * 3))


class ManyBranches(nn.Module):
    """torch.cat of 70 branches: more inputs than one Concat node takes."""

    def __init__(self, branches=70):
        super().__init__()
        self.branches = nn.ModuleList(nn.Conv2d(2, 1, kernel_size=1) for _ in range(branches))

    def forward(self, x):
        return torch.cat([branch(x) for branch in self.branches], dim=1)


class GlobalMean(nn.Module):
    """Global average pooling written as x.mean((2, 3)) and torch.mean(..., keepdim=True)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, kernel_size=3)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        x = self.conv(x)
        gate = torch.sigmoid(torch.mean(x, dim=(-2, -1), keepdim=True))
        return self.fc((x * gate).mean((2, 3)))


class UnusedBranch(nn.Module):
    """A value computed and never used (a leftover debugging line) changes nothing."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        unused = torch.sigmoid(x)  # noqa: F841
        return self.fc(x)
