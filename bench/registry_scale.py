#!/usr/bin/env python3
"""Benchmarks the static checks on registries shaped to make naive checks quadratic.

Shapes (each a fresh repository under bench/work/):
  same-pattern   N services all claiming `/lib/` (every pair overlaps)
  many-posts     N services, each owning its own folder with two files, and a coverage minimum

Measured, as medians over --runs, against git reading the same inputs in the same run (`git ls-files -s`
and `git cat-file --batch` over every lead file's blob):
  lint       `leads lint --no-history`
  coverage   `leads coverage`
The point is bounded work: seconds, not minutes, and findings capped per pattern.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

from release import leads_binary

HERE = os.path.dirname(os.path.abspath(__file__))
GIT_ENV = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")


def build(repo, shape, count):
    if os.path.exists(repo):
        shutil.rmtree(repo)
    os.makedirs(os.path.join(repo, "registry"))
    subprocess.run(["git", "init", "-q", repo], check=True, env=GIT_ENV)
    if shape == "same-pattern":
        os.makedirs(os.path.join(repo, "lib", "core"))
        for name in ("a.c", "b.c"):
            with open(os.path.join(repo, "lib", "core", name), "w") as handle:
                handle.write("x\n")
        for index in range(count):
            with open(os.path.join(repo, "registry", f"s{index}.md"), "w") as handle:
                handle.write(f"---\nkind: service\nlead: p{index}@example.com\nbackup: [q{index}@example.com]\n"
                             "paths: [/lib/]\n---\n")
    else:
        for index in range(count):
            folder = os.path.join(repo, "svc", f"m{index}")
            os.makedirs(folder)
            for name in ("main.c", "README.md"):
                with open(os.path.join(folder, name), "w") as handle:
                    handle.write("x\n")
            with open(os.path.join(repo, "registry", f"s{index}.md"), "w") as handle:
                handle.write(f"---\nkind: service\nlead: p{index % 50}@example.com\n"
                             f"backup: [q{index % 40}@example.com]\npaths: [/svc/m{index}/]\n---\n")
        with open(os.path.join(repo, "registry", "leads.yml"), "w") as handle:
            handle.write("max_posts: 1000\ncoverage:\n  minimum: 10\n")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=GIT_ENV)
    subprocess.run(["git", "commit", "-q", "-m", "registry"], cwd=repo, check=True, env=GIT_ENV)


def timed(command, cwd, stdin=None):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, env=GIT_ENV)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed: {result.stderr.decode()}")
    return elapsed, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=2_000, help="services claiming one pattern")
    parser.add_argument("--posts", type=int, default=10_000, help="posts with a folder each")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (medians are reported)")
    parser.add_argument("--leads", help="a built leads binary (default: build release)")
    args = parser.parse_args()
    leads = leads_binary(args.leads)
    print(f"  {'shape':<28}{'git reads inputs':>18}{'lint':>12}{'coverage':>12}{'lint vs git':>13}  findings")
    for shape, count in (("same-pattern", args.services), ("many-posts", args.posts)):
        repo = os.path.join(HERE, "work", f"registry-{shape}-{count}")
        build(repo, shape, count)
        blobs = subprocess.run(["git", "ls-files", "-s", "registry"], cwd=repo, capture_output=True, text=True,
                               env=GIT_ENV).stdout.split("\n")
        request = "".join(line.split()[1] + "\n" for line in blobs if line).encode()
        baseline, lint, coverage = [], [], []
        findings = ""
        for _ in range(args.runs):
            first, _ = timed(["git", "ls-files", "-s"], repo)
            second, _ = timed(["git", "cat-file", "--batch"], repo, stdin=request)
            baseline.append(first + second)
            elapsed, output = timed([leads, "lint", "--no-history", "--format", "json"], repo)
            lint.append(elapsed)
            rules = {}
            for item in json.loads(output)["diagnostics"]:
                rules[item["rule"]] = rules.get(item["rule"], 0) + 1
            findings = ", ".join(f"{rule} {number}" for rule, number in sorted(rules.items()))
            coverage.append(timed([leads, "coverage"], repo)[0])
        base = statistics.median(baseline)
        label = f"{shape} ({count})"
        print(f"  {label:<28}{base * 1000:>15.0f} ms{statistics.median(lint) * 1000:>9.0f} ms"
              f"{statistics.median(coverage) * 1000:>9.0f} ms{statistics.median(lint) / base:>12.1f}x  {findings}")


if __name__ == "__main__":
    main()
