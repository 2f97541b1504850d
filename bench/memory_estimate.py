"""The training-memory estimate against measurement, per preset, side by side.

Usage: python bench/memory_estimate.py [--presets a,b] [--batch 8] [--dtype float32]
       [--gpu-batch 32] [--optimizer adam] [--threads 2]

CPU: the activations estimate against the bytes autograd saves in a training-mode forward
(unique storages collected with ``torch.autograd.graph.saved_tensors_hooks``, parameters
and buffers left out), at ``--batch``. GPU (when CUDA is available): the estimated total
(parameters, gradients, optimizer state, activations) against
``torch.cuda.max_memory_allocated`` over one training step at ``--gpu-batch`` in float32.
The goals (issue 15): activations within 10 %, the GPU total within 15 %. Each number is a
single deterministic measurement (memory, not time: no spread to report).
"""

from __future__ import annotations

import argparse

import torch

from netbuilder.core.analysis import analyse
from netbuilder.core.codegen import compile_model
from netbuilder.core.memory import format_bytes, training_memory
from netbuilder.core.presets import PRESET_NAMES, load_preset
from netbuilder.train.saved_memory import (
    DTYPES,
    example_input,
    peak_training_bytes,
    saved_tensor_bytes,
)


def _within(ratio: float, goal: float) -> str:
    return "within" if abs(ratio - 1) <= goal else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", default=",".join(PRESET_NAMES))
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--dtype", default="float32", choices=sorted(DTYPES))
    parser.add_argument("--gpu-batch", type=int, default=32)
    parser.add_argument("--optimizer", default="adam", choices=("adam", "adamw", "sgd"))
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    cuda = torch.cuda.is_available()
    print(f"CPU threads {args.threads}; batch {args.batch}; {args.dtype}; {args.optimizer}")
    if cuda:
        print(f"GPU {torch.cuda.get_device_name()}; batch {args.gpu_batch}; float32")
    header = f"{'preset':16s} {'estimate':>10s} {'saved':>10s} {'ratio':>6s}"
    if cuda:
        header += f" | {'total est':>10s} {'GPU peak':>10s} {'ratio':>6s}"
    print(header)
    for name in args.presets.split(","):
        graph = load_preset(name).graph
        analysis = analyse(graph)
        torch.manual_seed(0)
        model = compile_model(graph).train().to(DTYPES[args.dtype])
        x = example_input(graph, analysis, args.batch, args.dtype)
        saved = saved_tensor_bytes(model, x)
        need = training_memory(analysis, args.batch, args.optimizer, args.dtype)
        ratio = need.activations / saved
        line = (
            f"{name:16s} {format_bytes(need.activations):>10s} {format_bytes(saved):>10s} "
            f"{ratio:6.3f} {_within(ratio, 0.10)}"
        )
        if cuda:
            del model, x
            model = compile_model(graph).cuda()
            x = example_input(graph, analysis, args.gpu_batch, device="cuda")
            peak = peak_training_bytes(model, x, args.optimizer)
            total = training_memory(analysis, args.gpu_batch, args.optimizer).total
            gpu_ratio = total / peak
            line += (
                f" | {format_bytes(total):>10s} {format_bytes(peak):>10s} {gpu_ratio:6.3f} "
                f"{_within(gpu_ratio, 0.15)}"
            )
            del model, x
            torch.cuda.empty_cache()
        print(line, flush=True)


if __name__ == "__main__":
    main()
