"""NetBuilder: design neural networks by drag and drop, with exact PyTorch numbers."""

__version__ = "0.1.0"
