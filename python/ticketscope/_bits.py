"""The store's bit packing of one layer's mask (docs/schema.md, `mask.bits`): element j of the
row-major flattened mask is bit j % 8 (least significant first) of byte j / 8, and the blob is
padded with zero bits to a whole number of 64-bit words, ceil(numel / 64) * 8 bytes."""

from __future__ import annotations

import numpy as np

from .errors import StoreError


def blob_size(numel: int) -> int:
    """Length in bytes of the packed mask of a layer with `numel` elements."""
    return (numel + 63) // 64 * 8


def pack(kept: np.ndarray) -> tuple[bytes, int]:
    """Packs a boolean mask (any shape, row-major) into its blob; returns it with the number of
    kept elements (set bits)."""
    flat = np.ascontiguousarray(kept, dtype=bool).reshape(-1)
    out = np.zeros(blob_size(flat.size), dtype=np.uint8)
    packed = np.packbits(flat, bitorder="little")
    out[: packed.size] = packed
    return out.tobytes(), int(np.count_nonzero(flat))


def unpack(blob: bytes, shape: tuple[int, ...], *, layer: str) -> np.ndarray:
    """The boolean mask of shape `shape` stored in `blob`; raises :class:`StoreError` when the blob
    has the wrong length or bits set past the layer's last element."""
    numel = int(np.prod(shape, dtype=np.int64))
    if len(blob) != blob_size(numel):
        raise StoreError(f"mask of layer '{layer}' has {len(blob)} bytes, expected {blob_size(numel)}")
    bits = np.unpackbits(np.frombuffer(blob, dtype=np.uint8), bitorder="little")
    if bits[numel:].any():
        raise StoreError(f"mask of layer '{layer}' has bits set past its last element")
    return bits[:numel].astype(bool).reshape(shape)
