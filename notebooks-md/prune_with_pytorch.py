"""Bring-your-own-masks example: prune one small CNN per context with torch.nn.utils.prune and save
every pruning step's masks as safetensors for `ticketscope import` (notebooks-md/03-bring-your-own-masks.md).

Three "contexts" (tasks) each get their own copy of the same initial network; each copy is trained
briefly on its own synthetic task, then 30% of its remaining weights are pruned globally by magnitude,
and so on for STEPS steps. Usage: python3 prune_with_pytorch.py OUTDIR [STEPS]
"""
import sys, os
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune
from safetensors.torch import save_file

out = sys.argv[1]
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 6
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)

def make_net():
    return nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 2))

base = make_net()
contexts = ["indoor", "outdoor", "transport"]
nets = {c: make_net() for c in contexts}
for n in nets.values():
    n.load_state_dict(base.state_dict())            # same initialisation for every context
prunable = lambda net: [(m, "weight") for m in net if isinstance(m, (nn.Conv2d, nn.Linear))]
names = ["0.weight", "2.weight", "6.weight"]          # network order = depth order

def task(c, n=256):                                   # a different synthetic task per context
    g = torch.Generator().manual_seed(contexts.index(c))
    x = torch.randn(n, 3, 16, 16, generator=g)
    y = (x[:, contexts.index(c)].mean(dim=(1, 2)) > 0).long()
    return x, y

for step in range(1, steps + 1):
    masks = {}
    for c, net in nets.items():
        x, y = task(c)
        opt = torch.optim.Adam(net.parameters(), lr=1e-2)
        for _ in range(20):
            opt.zero_grad(); nn.functional.cross_entropy(net(x), y).backward(); opt.step()
        prune.global_unstructured(prunable(net), pruning_method=prune.L1Unstructured, amount=0.3)
        for name, (module, _) in zip(names, prunable(net)):
            masks[f"{c}/{name}"] = module.weight_mask.bool().contiguous()
    save_file(masks, os.path.join(out, f"step{step:02d}.safetensors"), metadata={"layers": ",".join(names)})
    print(f"step {step}: kept {sum(int(m.sum()) for m in masks.values()) / sum(m.numel() for m in masks.values()):.3f}")
