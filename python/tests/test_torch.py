"""Logging straight from PyTorch: tensors of any dtype, and modules pruned with torch.nn.utils.prune."""

from __future__ import annotations

import numpy as np
import pytest

import ticketscope as ts
from conftest import cli_json, jaccard

torch = pytest.importorskip("torch", reason="torch is not installed (scripts/install-deps.sh installs a CPU wheel when one is available)")
import torch.nn.utils.prune as prune  # noqa: E402

nn = torch.nn


def make_net() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Sequential(nn.Conv2d(8, 16, 3), nn.BatchNorm2d(16)), nn.Flatten(),
                         nn.Linear(16 * 4 * 4, 10))


def test_pruned_modules_are_logged_directly(tmp_path, cli):
    nets = {c: make_net() for c in ("indoor", "outdoor")}
    prunable = lambda net: [(m, "weight") for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    db = str(tmp_path / "r.sqlite")
    expected = []
    with ts.Store(db) as store:
        run = store.run("torch")
        for step in range(3):
            for k, net in enumerate(nets.values()):
                with torch.no_grad():       # different weights per context, so the masks differ
                    for m, _ in prunable(net):
                        m.weight.add_(torch.randn(m.weight.shape, generator=torch.Generator().manual_seed(10 * step + k)) * 0.05)
                prune.global_unstructured(prunable(net), pruning_method=prune.L1Unstructured, amount=0.3)
            run.log_step(nets, metrics={c: {"balanced_accuracy": 0.9 - step / 10} for c in nets})
            expected.append({c: {name: buf.bool().numpy().copy() for name, buf in
                                 [("0.weight", net[0].weight_mask), ("2.0.weight", net[2][0].weight_mask), ("4.weight", net[4].weight_mask)]}
                             for c, net in nets.items()})
        assert run.layers == [ts.Layer("0.weight", (8, 3, 3, 3)), ts.Layer("2.0.weight", (16, 8, 3, 3)), ts.Layer("4.weight", (10, 256))]
        for step, want in enumerate(expected):
            back = run.masks(step)
            for c in nets:
                for name in want[c]:
                    np.testing.assert_array_equal(back[c][name], want[c][name])
        # Global pruning at 30% a step: 70%, 49%, 34.3% kept.
        assert [round(s.sparsity, 3) for s in run.steps()] == [0.3, 0.51, 0.657]
    out = cli_json(cli, "similarity", "--db", db, "--run", "torch", "--layer", "4.weight")
    a, b = (expected[-1][c]["4.weight"] for c in nets)
    assert out["matrix"][0][1] == pytest.approx(jaccard(a, b), rel=1e-12)


def test_unpruned_module_uses_nonzero_weights(tmp_path):
    net = make_net()
    with torch.no_grad():
        net[0].weight[0] = 0
        net[4].weight[:, :100] = 0
    prune.l1_unstructured(net[2][0], "weight", amount=0.5)
    prune.remove(net[2][0], "weight")                       # made permanent: no weight_mask left
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("w")
        run.log_step({"only": net})
        back = run.masks()["only"]
    assert list(back) == ["0.weight", "2.0.weight", "4.weight"]      # Conv and Linear only: no BatchNorm
    for name, w in [("0.weight", net[0].weight), ("2.0.weight", net[2][0].weight), ("4.weight", net[4].weight)]:
        np.testing.assert_array_equal(back[name], (w != 0).numpy())
    assert back["2.0.weight"].mean() == pytest.approx(0.5, abs=1 / 1152)


def test_tensor_dtypes(tmp_path):
    g = torch.Generator().manual_seed(3)
    base = torch.rand(5, 7, generator=g) < 0.4
    dtypes = [torch.bool, torch.uint8, torch.int32, torch.int64, torch.float16, torch.bfloat16, torch.float32, torch.float64]
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("d")
        run.log_step({"s": {str(d): base.to(d) * (1 if d == torch.bool else 2) for d in dtypes}})
        back = run.masks()["s"]
        for d in dtypes:
            np.testing.assert_array_equal(back[str(d)], base.numpy())
        with pytest.raises(ts.MaskError, match=r"mask 's/torch.float64' has NaN entries"):
            run.log_step({"s": {**{str(d): base.to(d) for d in dtypes[:-1]}, "torch.float64": torch.full((5, 7), float("nan"), dtype=torch.float64)}})
        with pytest.raises(ts.MaskError, match="dtype torch.complex64"):
            ts.Store(tmp_path / "c.sqlite").run("c").log_step({"s": {"x": torch.ones(3, dtype=torch.complex64)}})
    # A torch tensor that requires grad, on a non-contiguous view, still works.
    w = torch.randn(6, 4, requires_grad=True)
    with ts.Store(tmp_path / "v.sqlite") as store:
        run = store.run("v")
        run.log_step({"s": {"w": (w.t() > 0)}})
        np.testing.assert_array_equal(run.masks()["s"]["w"], (w.detach().t() > 0).numpy())


def test_module_without_prunable_layers(tmp_path):
    with ts.Store(tmp_path / "r.sqlite") as store:
        with pytest.raises(ts.MaskError, match="subnetwork 'x' has no weight_mask buffers .* and no Conv or Linear layers"):
            store.run("n").log_step({"x": nn.Sequential(nn.ReLU(), nn.BatchNorm1d(3))})
