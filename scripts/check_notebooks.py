#!/usr/bin/env python3
"""Re-runs the commands of the notebooks-md/ walkthroughs and fails when an output no longer matches.

Each ```console block holds commands (lines starting with "$ ") followed by their expected standard
output. A command ending in "# output not compared" is run and must succeed, but its output is not
compared (timings). The notebooks run in file-name order, their commands in order, all in one fresh
temporary directory (so 02 uses the demo store 01 trains), with
the release `ticketscope` first on PATH, REPO set to this repository and CIFAR10 to the CIFAR-10
directory (../shared/datasets/cifar10 or $TICKETSCOPE_DATA).

    python3 scripts/check_notebooks.py [--update] [NOTEBOOK.md ...]

--update writes the current outputs into the notebooks instead of comparing.
"""
import os, re, subprocess, sys, tempfile

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:] if a != "--update"]
update = "--update" in sys.argv
books = args or sorted(os.path.join(repo, "notebooks-md", f) for f in os.listdir(os.path.join(repo, "notebooks-md")) if f.endswith(".md"))
subprocess.run(["swift", "build", "-c", "release", "--product", "ticketscope"], cwd=repo, check=True, stdout=subprocess.DEVNULL)
env = dict(os.environ, PATH=os.path.join(repo, ".build", "release") + os.pathsep + os.environ["PATH"], REPO=repo,
           CIFAR10=os.environ.get("TICKETSCOPE_DATA", os.path.join(os.path.dirname(repo), "shared", "datasets", "cifar10")))
block = re.compile(r"```console\n(.*?)```", re.S)
failures = 0
work = tempfile.mkdtemp(prefix="ts-notebook-")
for book in books:
    text = open(book).read()
    def run_block(m):
        global failures
        out, lines = [], m.group(1).split("\n")
        commands = [l[2:] for l in lines if l.startswith("$ ")]
        expected, current = {}, None
        for l in lines:
            if l.startswith("$ "):
                current = l[2:]; expected[current] = []
            elif current is not None:
                expected[current].append(l)
        for cmd in commands:
            r = subprocess.run(["bash", "-c", cmd], cwd=work, env=env, capture_output=True, text=True)
            if r.returncode not in (0, 3):    # 3 = `ticketscope check` says stop
                print(f"{os.path.basename(book)}: `{cmd}` failed ({r.returncode}):\n{r.stderr}"); failures += 1
            got = r.stdout.rstrip("\n")
            want = "\n".join(expected[cmd]).rstrip("\n")
            compared = not cmd.rstrip().endswith("# output not compared")
            if compared and not update and got != want:
                print(f"{os.path.basename(book)}: output of `{cmd}` changed:\n--- expected\n{want}\n--- got\n{got}\n"); failures += 1
            out.append("$ " + cmd)
            if compared:
                out.append(got if update else want)
        return "```console\n" + "\n".join(out) + "\n```"
    new = block.sub(run_block, text)
    if update:
        open(book, "w").write(new)
    print(f"{os.path.basename(book)}: {'updated' if update else 'checked'}")
if failures:
    print(f"{failures} problem(s)"); sys.exit(1)
