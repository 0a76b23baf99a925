#!/usr/bin/env python3
"""Mask files for scripts/bench_import.sh: STEPS safetensors files, each holding SUBNETWORKS x the 54 prunable
tensors of ResNet-50 (53 convolutions + fc, 25.56M weights) as bool masks, keys '<subnetwork>/<layer>'.
Step s keeps each weight with probability 0.8**(s+1), independently per subnetwork (seeded).
Usage: make_import_data.py OUT_DIR [STEPS] [SUBNETWORKS]"""
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file


def resnet50_shapes():
    shapes = [("conv1.weight", (64, 3, 7, 7))]
    inplanes = 64
    for stage, (planes, blocks) in enumerate([(64, 3), (128, 4), (256, 6), (512, 3)], start=1):
        for b in range(blocks):
            p = f"layer{stage}.{b}"
            shapes += [(f"{p}.conv1.weight", (planes, inplanes, 1, 1)), (f"{p}.conv2.weight", (planes, planes, 3, 3)),
                       (f"{p}.conv3.weight", (planes * 4, planes, 1, 1))]
            if b == 0:
                shapes.append((f"{p}.downsample.0.weight", (planes * 4, inplanes, 1, 1)))
            inplanes = planes * 4
    return shapes + [("fc.weight", (1000, 2048))]


def main():
    out = Path(sys.argv[1]); steps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    subnetworks = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(17)
    shapes = resnet50_shapes()
    for s in range(steps):
        keep = 0.8 ** (s + 1)
        tensors = {f"sub{k}/{name}": rng.random(shape, dtype=np.float32) < keep
                   for k in range(subnetworks) for name, shape in shapes}
        save_file(tensors, str(out / f"step{s}.safetensors"), metadata={"layers": ",".join(n for n, _ in shapes)})
    print(f"{steps} files x {subnetworks} subnetworks x {len(shapes)} tensors, "
          f"{sum(int(np.prod(sh)) for _, sh in shapes)} weights each, in {out}")


if __name__ == "__main__":
    main()
