#!/usr/bin/env python3
"""ResNet-20 for CIFAR in PyTorch: the reference for the Swift `ResNet20` (Sources/Models/ResNet20.swift).

The architecture of open_lth's `cifar_resnet_20` (facebookresearch/open_lth, models/cifar_resnet.py;
He et al. 2016, section 4.2), written out here with the same module and parameter names: a 3x3 conv
3->16 + BN + ReLU, three stages of three basic blocks (16, 32, 64 channels; the first block of stages
2 and 3 has stride 2 and a 1x1 stride-2 conv + BN shortcut), global average pooling, a linear layer.
Prunable, as open_lth's `prunable_layer_names`: every Conv2d and Linear weight.

Run as a script it times training (forward + backward + Adam) and inference on random images,
printing the lines scripts/bench_train.sh parses:
  python3 scripts/reference/resnet20.py [THREADS] [BATCH]
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PLAN = [(16, 3), (32, 3), (64, 3)]


class Block(nn.Module):
    def __init__(self, f_in, f_out, downsample):
        super().__init__()
        stride = 2 if downsample else 1
        self.conv1 = nn.Conv2d(f_in, f_out, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(f_out)
        self.conv2 = nn.Conv2d(f_out, f_out, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(f_out)
        if downsample:
            self.shortcut = nn.Sequential(nn.Conv2d(f_in, f_out, kernel_size=1, stride=2, bias=False),
                                          nn.BatchNorm2d(f_out))
        else:
            self.shortcut = nn.Sequential()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet20(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        filters = PLAN[0][0]
        self.conv = nn.Conv2d(3, filters, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(filters)
        blocks = []
        for stage, (width, count) in enumerate(PLAN):
            for index in range(count):
                blocks.append(Block(filters, width, downsample=stage > 0 and index == 0))
                filters = width
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(filters, classes)
        for module in self.modules():   # open_lth's default initializer, kaiming_normal
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(module.weight)

    def forward(self, x):
        out = F.relu(self.bn(self.conv(x)))
        out = self.blocks(out)
        out = F.adaptive_avg_pool2d(out, 1).flatten(1)
        return self.fc(out)


def prunable_names(model):
    """The pruning scope in named_parameters() order: every Conv2d and Linear weight."""
    return [name + ".weight" for name, module in model.named_modules() if isinstance(module, (nn.Conv2d, nn.Linear))]


def prunable(model):
    state = dict(model.named_parameters())
    return sum(state[name].numel() for name in prunable_names(model))


if __name__ == "__main__":
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    bs = int(sys.argv[2]) if len(sys.argv) > 2 else 320
    m = ResNet20(10)
    print("prunable params:", prunable(m), "all params:", sum(p.numel() for p in m.parameters()))
    opt = torch.optim.Adam(m.parameters(), 1e-4)
    x = torch.randn(bs, 3, 32, 32)
    y = torch.randint(0, 10, (bs,))
    for _ in range(3):
        opt.zero_grad()
        F.cross_entropy(m(x), y).backward()
        opt.step()
    n = 10
    t = time.perf_counter()
    for _ in range(n):
        opt.zero_grad()
        F.cross_entropy(m(x), y).backward()
        opt.step()
    dt = time.perf_counter() - t
    print(f"train img/s: {n * bs / dt:.0f}  (threads={torch.get_num_threads()}, batch={bs})")
    m.eval()
    t = time.perf_counter()
    with torch.no_grad():
        for _ in range(n):
            m(x)
    dt = time.perf_counter() - t
    print(f"infer img/s: {n * bs / dt:.0f}")
