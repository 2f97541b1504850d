"""Names a layer may not take: they would shadow ``nn.Module`` attributes in the exported
class (``self.train = nn.ReLU()`` breaks ``model.train()``) or the generated code's own."""

from __future__ import annotations

#: Public attributes of ``torch.nn.Module`` (torch 2.x); a test keeps this list complete.
MODULE_ATTRIBUTES = frozenset(
    """T_destination add_module apply bfloat16 buffers call_super_init children compile cpu
    cuda double dump_patches eval extra_repr float forward get_buffer get_extra_state
    get_parameter get_submodule half ipu load_state_dict modules mtia named_buffers
    named_children named_modules named_parameters parameters register_backward_hook
    register_buffer register_forward_hook register_forward_pre_hook
    register_full_backward_hook register_full_backward_pre_hook
    register_load_state_dict_post_hook register_load_state_dict_pre_hook register_module
    register_parameter register_state_dict_post_hook register_state_dict_pre_hook
    requires_grad_ set_extra_state set_submodule share_memory state_dict to to_empty train
    type xpu zero_grad training""".split()
)

#: Methods of ``nn.Sequential``, which holds the layers of a module path (``features.0``).
SEQUENTIAL_ATTRIBUTES = frozenset({"append", "extend", "insert", "pop"})

#: Names used by the generated module itself.
CODE_NAMES = frozenset({"self", "x", "torch", "nn", "super"})


def reserved_reason(label: str) -> str | None:
    """Why ``label`` cannot name a layer, or ``None`` when it can."""
    if label.startswith("_"):
        return f"'{label}' cannot name a layer: names starting with _ are private to PyTorch."
    if label in MODULE_ATTRIBUTES or label in CODE_NAMES or label in SEQUENTIAL_ATTRIBUTES:
        return (
            f"'{label}' cannot name a layer: it is a name PyTorch modules already use "
            "(pick e.g. 'my_" + label + "')."
        )
    return None
