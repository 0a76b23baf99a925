#!/usr/bin/env python3
"""Two pruned 'LLM' checkpoints for scripts/bench_llm_import.sh: the same 1e9-parameter model pruned to 50 %
twice (as with two calibration sets), saved as sharded bf16 safetensors with model.safetensors.index.json
like Hugging Face writes them. 60 projection weights of 4096 x 4096 (1.007e9 prunable weights) plus
RMSNorm weights, which an import leaves out with --include. The second checkpoint keeps a different
weight in 10 % of the places (Jaccard about 0.82).
Usage: make_llm_checkpoints.py OUT_DIR [LAYERS] [SHARDS]     (default 60 4)"""
import json
import sys
from pathlib import Path

import numpy as np
from safetensors import TensorSpec, serialize_file


def main():
    out = Path(sys.argv[1]); layers = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    shards = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    rng = np.random.default_rng(2026)
    names = []
    for i in range(layers):
        names += [(f"model.layers.{i}.input_layernorm.weight", (4096,)), (f"model.layers.{i}.mlp.down_proj.weight", (4096, 4096))]
    per_shard = -(-len(names) // shards)
    for domain in ["code", "prose"]:
        (out / domain).mkdir(parents=True, exist_ok=True)
    weight_map = {"code": {}, "prose": {}}
    for s in range(shards):
        arrays = {"code": {}, "prose": {}}
        for name, shape in names[s * per_shard:(s + 1) * per_shard]:
            n = int(np.prod(shape))
            bits = rng.integers(0, 1 << 16, size=n, dtype=np.uint16)
            value = (bits & 0x807F) | 0x3F00  # sign and mantissa random, magnitude in [0.5, 1)
            if len(shape) == 1:
                arrays["code"][name] = arrays["prose"][name] = value.reshape(shape)
                continue
            kept = (bits & 0x0100) != 0                      # 50 % kept
            flip = rng.random(n, dtype=np.float32) < 0.1     # the other domain disagrees in 10 % of places
            arrays["code"][name] = np.where(kept, value, 0).astype(np.uint16).reshape(shape)
            arrays["prose"][name] = np.where(kept ^ flip, value, 0).astype(np.uint16).reshape(shape)
        for domain in ["code", "prose"]:
            file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
            specs = {k: TensorSpec(dtype="bfloat16", shape=list(a.shape), data_ptr=a.ctypes.data, data_len=a.nbytes)
                     for k, a in arrays[domain].items()}
            serialize_file(specs, str(out / domain / file), None)
            weight_map[domain].update({k: file for k in arrays[domain]})
    for domain in ["code", "prose"]:
        index = {"metadata": {"total_size": 2 * sum(int(np.prod(sh)) for _, sh in names)}, "weight_map": weight_map[domain]}
        (out / domain / "model.safetensors.index.json").write_text(json.dumps(index, indent=1))
    print(f"2 checkpoints x {shards} shards, {len(names)} tensors, "
          f"{sum(int(np.prod(sh)) for n, sh in names if 'proj' in n)} prunable weights each, in {out}")


if __name__ == "__main__":
    main()
