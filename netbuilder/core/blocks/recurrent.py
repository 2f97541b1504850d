"""Recurrent layers: RNN, LSTM, GRU (batch_first)."""

from __future__ import annotations

from collections.abc import Sequence

from netbuilder.core.blocks.base import (
    VALUE,
    Block,
    Cost,
    Params,
    Saved,
    Shape,
    call_code,
    kwargs_code,
    param_error,
)
from netbuilder.core.errors import RankError
from netbuilder.core.formatting import shape_text
from netbuilder.core.messages import msg
from netbuilder.core.params import Param


class _Recurrent(Block):
    category = "Recurrent"
    gates: int
    schema = (
        Param("hidden_size", "int", 64, "Size of the hidden state.", 1, 1_000_000),
        Param("num_layers", "int", 1, "Stacked recurrent layers.", 1, 64),
        Param("bidirectional", "bool", False, "Also run the sequence backwards."),
        Param("bias", "bool", True, "Learnable biases b_ih and b_hh."),
        Param("dropout", "float", 0.0, "Dropout between stacked layers.", 0.0, 1.0),
        Param(
            "output",
            "choice",
            "sequence",
            "'sequence': every step (L×H); 'last': the final hidden state of the last "
            "layer (H; bidirectional: each direction's final state, forward then backward, "
            "2H — torch's h_n[-2] and h_n[-1]).",
            choices=("sequence", "last"),
        ),
    )

    def check(self, p: Params) -> None:
        if p["dropout"] > 0 and p["num_layers"] == 1:
            raise param_error("dropout", "dropout acts between layers; it needs num_layers ≥ 2.")

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        if len(x) != 2:
            hint = msg(" — insert Embedding?") if len(x) == 1 else ""
            raise RankError(
                msg(
                    "{type} expects a sequence L×features but gets {x}{hint}",
                    type=self.type,
                    x=shape_text(x),
                    hint=hint,
                )
            )
        width = p["hidden_size"] * (2 if p["bidirectional"] else 1)
        return (width,) if p["output"] == "last" else (x[0], width)

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        steps, features = ins[0]
        g, h = self.gates, p["hidden_size"]
        directions = 2 if p["bidirectional"] else 1
        params = flops = 0
        for layer in range(p["num_layers"]):
            i = features if layer == 0 else h * directions
            per = g * (h * i + h * h + (2 * h if p["bias"] else 0))
            params += per * directions
            flops += g * h * (i + h) * steps * directions
        return Cost(params, flops)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # PyTorch's CPU kernels run step by step: each layer keeps its input sequence (the
        # first layer's backward direction a reversed copy of it) and, per direction,
        # what :meth:`state_values` says. Measured against saved_tensors_hooks.
        steps, features = ins[0]
        h, directions = p["hidden_size"], 2 if p["bidirectional"] else 1
        values = (directions - 1) * steps * features
        for layer in range(p["num_layers"]):
            if layer:
                values += steps * directions * h
            values += directions * self.state_values(steps, h)
        # the last step of a one-way layer is a slice of its whole output sequence
        whole = steps * h if p["output"] == "last" and directions == 1 else None
        return Saved(inputs=(0,), extras=((values, VALUE),), output_values=whole)

    def state_values(self, steps: int, hidden: int) -> int:
        """Values per sample one layer and direction keeps besides its input."""
        raise NotImplementedError

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = [str(ins[0][1]), str(p["hidden_size"])]
        args += kwargs_code([("num_layers", p["num_layers"], 1)])
        args += self.extra_kwargs(p)
        args += kwargs_code([("bias", p["bias"], True)])
        args.append("batch_first=True")
        args += kwargs_code(
            [("dropout", p["dropout"], 0.0), ("bidirectional", p["bidirectional"], False)]
        )
        return call_code(f"nn.{self.type}", args)

    def extra_kwargs(self, p: Params) -> list[str]:
        return []

    def torch_call(self, attr: str, args: Sequence[str], p: Params) -> str:
        if p["output"] != "last":
            return f"{attr}({args[0]})[0]"
        if not p["bidirectional"]:
            return f"{attr}({args[0]})[0][:, -1]"
        # The backward direction ends at step 0, so out[:, -1] would hold it after one
        # step: take both final states from h_n (LSTM: h_n of (h_n, c_n)) instead.
        h_n = f"{attr}({args[0]})[1]" + ("[0]" if self.type == "LSTM" else "")
        return f"{h_n}[-2:].transpose(0, 1).flatten(1)"

    def describe(self, p: Params) -> str:
        text = f"h{p['hidden_size']}"
        if p["num_layers"] > 1:
            text += f" ×{p['num_layers']}"
        if p["bidirectional"]:
            text += ", bi"
        return text + (", last" if p["output"] == "last" else "")

    def base_name(self) -> str:
        return self.type.lower()


class RNN(_Recurrent):
    """Elman RNN."""

    type = "RNN"
    summary = "Elman RNN h_t = tanh(W_ih x_t + W_hh h_(t−1) + b); input L×features."
    gates = 1
    schema = _Recurrent.schema + (
        Param(
            "nonlinearity", "choice", "tanh", "Activation of the cell.", choices=("tanh", "relu")
        ),
    )

    def extra_kwargs(self, p: Params) -> list[str]:
        return kwargs_code([("nonlinearity", p["nonlinearity"], "tanh")])

    def state_values(self, steps: int, hidden: int) -> int:
        # each step's hidden state, and the initial one
        return steps * hidden + hidden


class LSTM(_Recurrent):
    """Long short-term memory."""

    type = "LSTM"
    summary = "LSTM with input, forget, cell and output gates; input L×features."
    gates = 4

    def state_values(self, steps: int, hidden: int) -> int:
        # oneDNN's workspace on the CPU; an approximation fitted to measurements (within
        # 10 % from 16 hidden units up, more for tiny layers)
        return steps * (16 * hidden + 32) + 13 * hidden


class GRU(_Recurrent):
    """Gated recurrent unit."""

    type = "GRU"
    summary = "GRU with reset and update gates; input L×features."
    gates = 3

    def state_values(self, steps: int, hidden: int) -> int:
        # per step: the three hidden-side gate pre-activations, and four H-sized results
        return 7 * steps * hidden
