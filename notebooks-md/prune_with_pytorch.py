"""Bring-your-own-masks example (notebooks-md/03-bring-your-own-masks.md): prune one small CNN per
context with torch.nn.utils.prune and log every step straight into a TicketScope store with the
`ticketscope` Python package (pip install ./python), asking TicketScope's stop rule after each step.

Three "contexts" (tasks) each get their own copy of the same initial network; each copy is trained
briefly on its own synthetic task, then 30% of its remaining weights are pruned globally by
magnitude, and so on until the stop rule fires or --steps steps are done.

    python3 prune_with_pytorch.py STORE RUN [--steps N] [--rule RULE]
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.utils.prune as prune

import ticketscope

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("store", help="the TicketScope SQLite file (created if missing)")
parser.add_argument("run", help="the run's name")
parser.add_argument("--steps", type=int, default=8, help="most pruning steps (default 8)")
parser.add_argument("--rule", default="mean-lift>4", help="stop rule, as `ticketscope check --rule` (default mean-lift>4)")
args = parser.parse_args()

# float64 and one thread keep the last digits the same across CPUs: the kernels PyTorch picks for a
# processor (AVX-512, AVX2, …) round differently, and 120 training updates amplify float32's
# differences until pruning decisions flip.
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.manual_seed(0)
contexts = ["indoor", "outdoor", "transport"]


def make_net():
    return nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 2))


def task(c, n=512):
    """A different synthetic task per context: is the mean of colour channel k positive?"""
    g = torch.Generator().manual_seed(contexts.index(c))
    x = torch.randn(n, 3, 16, 16, generator=g)
    y = (x[:, contexts.index(c)].mean(dim=(1, 2)) > 0).long()
    return (x[: n // 2], y[: n // 2]), (x[n // 2:], y[n // 2:])      # train, validation


def balanced_accuracy(net, x, y):
    with torch.no_grad():
        pred = net(x).argmax(dim=1)
    return sum(float((pred[y == k] == k).float().mean()) for k in (0, 1)) / 2


base = make_net()
nets = {c: make_net() for c in contexts}
for net in nets.values():
    net.load_state_dict(base.state_dict())          # the same initialisation for every context
data = {c: task(c) for c in contexts}
prunable = lambda net: [(m, "weight") for m in net if isinstance(m, (nn.Conv2d, nn.Linear))]

with ticketscope.Store(args.store) as store:
    run = store.run(args.run)
    for _ in range(args.steps):
        metrics = {}
        for c, net in nets.items():
            (x, y), (vx, vy) = data[c]
            opt = torch.optim.Adam(net.parameters(), lr=1e-2)
            for _ in range(20):
                opt.zero_grad()
                nn.functional.cross_entropy(net(x), y).backward()
                opt.step()
            prune.global_unstructured(prunable(net), pruning_method=prune.L1Unstructured, amount=0.3)
            metrics[c] = {"balanced_accuracy": balanced_accuracy(net, vx, vy)}
        step = run.log_step(nets, metrics=metrics)      # each net's weight_mask buffers, one transaction
        verdict = run.check(args.rule)                  # `ticketscope check --json`
        mean = sum(m["balanced_accuracy"] for m in metrics.values()) / len(metrics)
        print(f"step {step.index}: sparsity {step.sparsity:.3f}, mean balanced accuracy {mean:.3f}; {verdict.message}")
        if verdict.stop:
            break
