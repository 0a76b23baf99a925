#!/usr/bin/env python3
"""Re-runs the commands of the notebooks-md/ walkthroughs and fails when an output no longer matches.

Each ```console block holds commands (lines starting with "$ ") followed by their expected standard
output. A command ending in "# output not compared" is run and must succeed, but its output is not
compared (timings). The notebooks run in file-name order, their commands in order, all in one fresh
temporary directory (so 02 uses the demo store 01 trains), with `ticketscope` first on PATH, REPO set
to this repository and CIFAR10 to the CIFAR-10 directory (../shared/datasets/cifar10 or
$TICKETSCOPE_DATA).

A notebook may declare, in an HTML comment anywhere in it,

    <!-- check_notebooks: requires=torch,ticketscope rtol=2e-2 atol=0 -->

- requires: Python modules its commands import. `ticketscope` is this repository's package and is
  installed from python/ first (pip install ./python); any other missing module stops the check
  with one line naming it.
- rtol / atol: numbers with a decimal point in its outputs may differ from the expected ones by
  atol + rtol * |expected| (for values that depend on PyTorch's CPU kernels, which differ between
  processors); integers and all other text must match exactly (whitespace runs count as one).
  Without them outputs must match exactly.
"""
import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRECTIVE = re.compile(r"<!--\s*check_notebooks:(.*?)-->", re.S)


def settings(text):
    """The notebook's requires / rtol / atol directive."""
    found = {"requires": [], "rtol": 0.0, "atol": 0.0}
    for m in DIRECTIVE.finditer(text):
        for item in m.group(1).split():
            key, _, value = item.partition("=")
            if key == "requires":
                found["requires"] += [v for v in value.split(",") if v]
            elif key in ("rtol", "atol"):
                found[key] = float(value)
            else:
                sys.exit(f"check_notebooks: unknown directive '{item}' (use requires=, rtol=, atol=)")
    return found


NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def matches(want, got, rtol, atol):
    """Whether output `got` matches the expected `want`: exactly, or within the tolerance for
    numbers with a decimal point when one is set."""
    if want == got:
        return True
    if rtol == 0 and atol == 0:
        return False
    squash = lambda parts: [" ".join(p.split()) for p in parts]
    if squash(NUMBER.split(want)) != squash(NUMBER.split(got)):
        return False
    for a, b in zip(NUMBER.findall(want), NUMBER.findall(got)):
        if a == b:
            continue
        decimal = lambda s: "." in s or "e" in s.lower()
        if not (decimal(a) and decimal(b)) or abs(float(a) - float(b)) > atol + rtol * abs(float(a)) + 1e-12:
            return False
    return True


def main():
    global failures
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", metavar="NOTEBOOK.md", help="notebooks to check (default: all of notebooks-md/)")
    parser.add_argument("--update", action="store_true", help="write the current outputs into the notebooks instead of comparing")
    parser.add_argument("--bin", metavar="PATH", default=os.environ.get("TICKETSCOPE_BIN"),
                        help="the ticketscope binary to run (default: $TICKETSCOPE_BIN, else `swift build -c release` and .build/release/ticketscope)")
    args = parser.parse_args()

    books = args.notebooks or sorted(os.path.join(repo, "notebooks-md", f)
                                     for f in os.listdir(os.path.join(repo, "notebooks-md")) if f.endswith(".md"))
    texts = {book: open(book).read() for book in books}
    config = {book: settings(text) for book, text in texts.items()}

    # What the notebooks need, before anything runs.
    needed = sorted({m for c in config.values() for m in c["requires"]})
    if "ticketscope" in needed:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--root-user-action=ignore",
                        os.path.join(repo, "python")], check=True)
        shutil.rmtree(os.path.join(repo, "python", "build"), ignore_errors=True)
        shutil.rmtree(os.path.join(repo, "python", "ticketscope.egg-info"), ignore_errors=True)
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    if missing:
        sys.exit(f"check_notebooks: the notebooks need the Python module(s) {', '.join(missing)} on {sys.executable} "
                 "(torch: bash scripts/install-deps.sh installs a CPU wheel when the machine has one, else pip install torch)")

    bindir = tempfile.mkdtemp(prefix="ts-notebook-bin-")
    if args.bin:
        if not (os.path.isfile(args.bin) and os.access(args.bin, os.X_OK)):
            sys.exit(f"check_notebooks: {args.bin} is not an executable file")
        os.symlink(os.path.abspath(args.bin), os.path.join(bindir, "ticketscope"))
    else:
        subprocess.run(["swift", "build", "-c", "release", "--product", "ticketscope"], cwd=repo, check=True, stdout=subprocess.DEVNULL)
        os.symlink(os.path.join(repo, ".build", "release", "ticketscope"), os.path.join(bindir, "ticketscope"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"], REPO=repo,
               TICKETSCOPE_BIN=os.path.join(bindir, "ticketscope"),
               CIFAR10=os.environ.get("TICKETSCOPE_DATA", os.path.join(os.path.dirname(repo), "shared", "datasets", "cifar10")))

    block = re.compile(r"```console\n(.*?)```", re.S)
    failures = 0
    work = tempfile.mkdtemp(prefix="ts-notebook-")
    for book in books:
        name = os.path.basename(book)
        rtol, atol = config[book]["rtol"], config[book]["atol"]

        def run_block(m):
            global failures
            out, lines = [], m.group(1).split("\n")
            commands = [l[2:] for l in lines if l.startswith("$ ")]
            expected, current = {}, None
            for l in lines:
                if l.startswith("$ "):
                    current = l[2:]
                    expected[current] = []
                elif current is not None:
                    expected[current].append(l)
            for cmd in commands:
                r = subprocess.run(["bash", "-c", cmd], cwd=work, env=env, capture_output=True, text=True)
                if r.returncode not in (0, 3):    # 3 = `ticketscope check` says stop
                    print(f"{name}: `{cmd}` failed ({r.returncode}):\n{r.stderr}")
                    failures += 1
                got = r.stdout.rstrip("\n")
                want = "\n".join(expected[cmd]).rstrip("\n")
                compared = not cmd.rstrip().endswith("# output not compared")
                if compared and not args.update and not matches(want, got, rtol, atol):
                    tolerance = f" (numbers within rtol {rtol:g}, atol {atol:g})" if rtol or atol else ""
                    print(f"{name}: output of `{cmd}` changed{tolerance}:\n--- expected\n{want}\n--- got\n{got}\n")
                    failures += 1
                out.append("$ " + cmd)
                if compared:
                    out.append(got if args.update else want)
            return "```console\n" + "\n".join(out) + "\n```"

        new = block.sub(run_block, texts[book])
        if args.update:
            open(book, "w").write(new)
        print(f"{name}: {'updated' if args.update else 'checked'}")
    shutil.rmtree(bindir, ignore_errors=True)
    if failures:
        print(f"{failures} problem(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
