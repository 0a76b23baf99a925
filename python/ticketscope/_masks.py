"""Turns what a training loop has — NumPy arrays, torch tensors, pruned torch modules — into boolean
masks per subnetwork and layer, in network order (nonzero = kept)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import MaskError

#: One subnetwork's masks: layer name → boolean array, in network order.
LayerMasks = dict[str, np.ndarray]


def _torch() -> Any:
    # A torch tensor or module can only exist once torch has been imported, so never import it here.
    return sys.modules.get("torch")


def kept(value: Any, *, where: str) -> np.ndarray:
    """The boolean "kept" array of one mask given as a NumPy array, a torch tensor or anything
    `numpy.asarray` accepts; bool, integer and floating dtypes, nonzero = kept, NaN refused."""
    torch = _torch()
    if torch is not None and isinstance(value, torch.Tensor):
        t = value.detach()
        if t.layout != torch.strided:
            t = t.to_dense()
        if t.dtype == torch.bool:
            return t.cpu().numpy()
        if t.is_complex():
            raise MaskError(f"{where} has dtype {t.dtype}; give bool, integer or floating masks (nonzero = kept)")
        if t.is_floating_point() and bool(torch.isnan(t).any()):
            raise MaskError(f"{where} has NaN entries; a mask must be NaN-free")
        return (t != 0).cpu().numpy()
    try:
        a = np.asarray(value)
    except (ValueError, TypeError) as e:
        raise MaskError(f"{where} is not an array: {e}") from None
    if a.dtype == np.bool_:
        return a
    if a.dtype.kind in "iu":
        return a != 0
    if a.dtype.kind == "f":
        if np.isnan(a).any():
            raise MaskError(f"{where} has NaN entries; a mask must be NaN-free")
        return a != 0
    raise MaskError(f"{where} has dtype {a.dtype}; give bool, integer or floating masks (nonzero = kept)")


def module_masks(module: Any, *, where: str) -> LayerMasks:
    """A pruned torch module's masks in module order: every `<param>_mask` buffer that
    `torch.nn.utils.prune` registered, named by the parameter's state_dict key (`features.0.weight`);
    for a module without such buffers, `weight != 0` of every Conv and Linear layer."""
    torch = _torch()
    pruned: LayerMasks = {}
    for prefix, m in module.named_modules():
        for buffer_name, buffer in m.named_buffers(recurse=False):
            param = buffer_name[: -len("_mask")]
            if buffer_name.endswith("_mask") and hasattr(m, param + "_orig"):
                name = f"{prefix}.{param}" if prefix else param
                pruned[name] = kept(buffer, where=f"{where} layer '{name}'")
    if pruned:
        return pruned
    layers = (torch.nn.Linear, torch.nn.modules.conv._ConvNd)
    weights: LayerMasks = {}
    for prefix, m in module.named_modules():
        w = getattr(m, "weight", None)
        if isinstance(m, layers) and isinstance(w, torch.Tensor):
            name = f"{prefix}.weight" if prefix else "weight"
            weights[name] = kept(w, where=f"{where} layer '{name}'")
    if not weights:
        raise MaskError(f"{where} has no weight_mask buffers (torch.nn.utils.prune) and no Conv or Linear layers")
    return weights


def step_masks(masks: Any) -> dict[str, LayerMasks]:
    """`{subnetwork: {layer: array}}` or `{subnetwork: torch.nn.Module}` as boolean arrays, keeping
    the given order of subnetworks and layers."""
    if not isinstance(masks, Mapping) or not masks:
        raise MaskError("masks must be a non-empty dict {subnetwork: {layer: array}} or {subnetwork: torch.nn.Module}")
    torch = _torch()
    out: dict[str, LayerMasks] = {}
    for sub, value in masks.items():
        if not isinstance(sub, str) or not sub:
            raise MaskError(f"subnetwork names must be non-empty strings, got {sub!r}")
        if torch is not None and isinstance(value, torch.nn.Module):
            out[sub] = module_masks(value, where=f"subnetwork '{sub}'")
        elif isinstance(value, Mapping):
            if not value:
                raise MaskError(f"subnetwork '{sub}' has no layers")
            layers: LayerMasks = {}
            for layer, array in value.items():
                if not isinstance(layer, str) or not layer:
                    raise MaskError(f"layer names must be non-empty strings, got {layer!r} in subnetwork '{sub}'")
                layers[layer] = kept(array, where=f"mask '{sub}/{layer}'")
            out[sub] = layers
        else:
            raise MaskError(f"subnetwork '{sub}': expected a dict {{layer: array}} or a torch.nn.Module, "
                            f"got {type(value).__name__}")
    return out
