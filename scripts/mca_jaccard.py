#!/usr/bin/env python3
"""Predicts the AVX2 all-pairs Jaccard kernel's cycles on CPUs this machine is not, with llvm-mca.

Compiles Sources/CMaskKernels/kernels.c as SwiftPM does (-O3), finds the loop of one two-pair round
(the innermost loop with 170-200 vector AND/OR/XOR: 2 pairs x 16 vectors), and asks llvm-mca how many
cycles an iteration takes on each CPU model; a pair-vector is one pair's 256 bits. Multiply by
K(K+1)/2 pairs x P/256 vectors / threads / clock for a time.

Usage: python3 scripts/mca_jaccard.py [CPU ...]   (default: znver2 znver3 skylake haswell)
Needs clang (the Swift toolchain's) and llvm-mca (Debian: llvm).
"""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGIC = ("vpand", "vpxor", "vpor")


def hot_loop(asm: str) -> list[str]:
    lines = asm.split("\n")
    labels = {m.group(1): i for i, l in enumerate(lines) if (m := re.match(r"^(\.LBB\w+):", l))}
    loops = []
    for i, line in enumerate(lines):
        m = re.match(r"\s+j\w+\s+(\.LBB\w+)", line)
        if m and m.group(1) in labels and labels[m.group(1)] < i:
            body = [x for x in lines[labels[m.group(1)]:i + 1]
                    if x.startswith("\t") and not x.strip().startswith((".", "#"))]
            logic = sum(1 for b in body if b.split()[0] in LOGIC)
            if 170 <= logic <= 200:
                loops.append(body)
    if not loops:
        sys.exit("mca_jaccard: no two-pair round loop found in the compiled kernel")
    return min(loops, key=len)


def main() -> None:
    cpus = sys.argv[1:] or ["znver2", "znver3", "skylake", "haswell"]
    for tool in ("clang", "llvm-mca"):
        if not shutil.which(tool):
            sys.exit(f"mca_jaccard: {tool} not found on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        asm = Path(tmp, "kernels.s")
        subprocess.run(["clang", "-O3", "-S", "-o", str(asm), "-I", str(ROOT / "Sources/CMaskKernels/include"),
                        str(ROOT / "Sources/CMaskKernels/kernels.c")], check=True)
        loop = Path(tmp, "loop.s")
        loop.write_text("\n".join(hot_loop(asm.read_text())) + "\n")
        for cpu in cpus:
            out = subprocess.run(["llvm-mca", f"-mcpu={cpu}", "-iterations=500", str(loop)],
                                 capture_output=True, text=True, check=True).stdout
            cycles = int(re.search(r"Total Cycles:\s+(\d+)", out).group(1)) / 500
            print(f"{cpu}: {cycles:.1f} cycles per two-pair round, {cycles / 32:.2f} per pair-vector")


if __name__ == "__main__":
    main()
