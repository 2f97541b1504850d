"""Qt-free training: datasets, trainer, checkpoints."""
