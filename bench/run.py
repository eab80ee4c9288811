#!/usr/bin/env python3
"""Benchmarks `leads lint` against git reading the same history, in the same run.

Profiles (see generate.py): `default` (50,000 commits, 5,000 files, 40 posts), `monorepo` (300,000
commits, 590,000 files in 2,000 folders, 500 posts, about 27,000 commits in the 90-day window) and
`monorepo-merges` (the same tree with a merged topic branch every tenth commit, 1,500 authors and review
trailers).

Baseline: `git log --name-only --format=%H%x09%ae%x09%at --since=<activity window>` followed by
`git log --first-parent --format=%H%x09%ct -- registry/`. Measured, as medians over --runs:
  cold   `leads lint --no-cache` (nothing cached)
  warm   `leads lint` right after one new commit, with the cache from the commit before
  hook   `leads hook run` with one changed lead file staged (what the pre-commit hook runs), also against
         `git ls-files -s` (git reading the index)
  new    `leads lint --new-since HEAD~1` right after the warm run: a branch one commit ahead of its base,
         against the warm run
  show   `leads show --no-cache`, `leads log --no-cache` and `leads report --no-cache` (the whole first-parent
         history of the registry)
  who    `leads who --stdin` for 500 tracked files (spread over the repository) against `git ls-files -s`,
         and for every tracked file against the `codeowners` package from PyPI answering the same files
         from the CODEOWNERS leads generates (run with the test suite's Python, `--python`; on repositories of
         up to 50,000 files: the package tries every line on every path)
and the peak memory (max RSS) of each. Targets: cold <= 1.0x, warm <= 0.1x, hook <= 3x git ls-files, peak
memory of a cold lint <= git's peak on the monorepo profile (< 200 MB on the default one), log and report
<= 1.5x show, who for 500 paths <= 2x git ls-files (on the monorepo profiles), who for every file <= 0.5x
the Python package. On the monorepo-merges profile: cold <= 0.5x, warm <= 0.05x, hook <= 1.5x git ls-files,
cold peak memory <= 0.5x git's.
"""
import argparse
import datetime
import glob
import os
import statistics
import subprocess
import sys
import time

from release import leads_binary

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = "2026-06-01"  # the generated repository's history ends here
EVERY_FILE_LIMIT = 50_000  # who for every file is compared with the Python package up to this many files
ACTIVITY_WINDOW_DAYS = 90  # the longest activity window of the default config
GIT_ENV = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="dev00@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="dev00@example.com")


def measure(commands, cwd, stdin=None):
    """Runs commands one after another (each reading `stdin`, a file, when given); returns (wall seconds, peak
    RSS in MB of the largest)."""
    start = time.perf_counter()
    peak = 0
    for command in commands:
        source = open(stdin, "rb") if stdin else subprocess.DEVNULL
        process = subprocess.Popen(command, cwd=cwd, stdin=source, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=GIT_ENV)
        _, status, usage = os.wait4(process.pid, 0)
        if stdin:
            source.close()
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit(f"{' '.join(command)} failed with {status}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.perf_counter() - start, peak


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, env=GIT_ENV, stdout=subprocess.DEVNULL)


def new_commit(repo, counter, now):
    path = os.path.join(repo, "src", "area00", "module0", "file0000.txt")
    if not os.path.exists(path):  # the monorepo profile
        path = os.path.join(repo, "src", "d0000", "f000.txt")
    if not os.path.exists(path):  # another repository (--repo): a file of the bench's own
        path = os.path.join(repo, ".leads-bench")
    with open(path, "a") as handle:
        handle.write(f"bench {counter}\n")
    subprocess.run(["git", "add", path], cwd=repo, check=True, env=GIT_ENV)
    stamp = f"{now}T00:00:{counter % 60:02d}Z"
    env = dict(GIT_ENV, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    subprocess.run(["git", "commit", "-q", "-am", f"bench commit {counter}"], cwd=repo, check=True, env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=("default", "monorepo", "monorepo-merges"), default="default",
                        help="the shape of the generated repository")
    parser.add_argument("--commits", type=int, help="size of the generated repository (default: the profile's)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (medians are reported)")
    parser.add_argument("--repo", help="benchmark an existing repository instead (its own registry/)")
    parser.add_argument("--leads", help="a built leads binary (default: build release)")
    parser.add_argument("--now", help=f"the date runs take as today (default: {NOW} for the generated "
                        "repository, today for --repo)")
    parser.add_argument("--python", default=os.path.join(os.path.dirname(HERE), ".build", "python-tools", "bin",
                                                        "python"),
                        help="a Python with the `codeowners` package (default: the test suite's)")
    args = parser.parse_args()
    now = args.now or (NOW if not args.repo else datetime.date.today().isoformat())
    window_start = (datetime.date.fromisoformat(now) - datetime.timedelta(days=ACTIVITY_WINDOW_DAYS)).isoformat()

    leads = leads_binary(args.leads)
    repo = args.repo
    if not repo:
        commits = args.commits or (50_000 if args.profile == "default" else 300_000)

        name = "repo" if args.profile == "default" else args.profile
        repo = os.path.join(HERE, "work", f"{name}-{commits}")
        if not os.path.exists(repo):
            os.makedirs(os.path.dirname(repo), exist_ok=True)
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), repo, "--profile", args.profile,
                            "--commits", str(commits)], check=True)
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True,
                           env=GIT_ENV).stdout.strip()
    files = len(subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, text=True, env=GIT_ENV)
                .stdout.splitlines())

    baseline_commands = [
        ["git", "log", "--name-only", "--format=%H%x09%ae%x09%at", f"--since={window_start}T00:00:00Z"],
        ["git", "log", "--first-parent", "--format=%H%x09%ct", "--", "registry/"],
    ]
    lint = [leads, "lint", "--now", now]
    lead_files = sorted(path for path in glob.glob(os.path.join(repo, "registry", "**", "*.md"), recursive=True)
                        if os.path.basename(path).lower() != "readme.md")
    if not lead_files:
        sys.exit(f"{repo} has no lead files under registry/")
    results = {key: [] for key in ("baseline", "cold", "warm", "newsince", "index", "staged", "show", "log",
                                   "report", "who500", "whoall", "python")}
    # The paths `who` is asked about, and the CODEOWNERS the Python package answers from.
    tracked = subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, text=True, env=GIT_ENV).stdout
    tracked = tracked.splitlines()
    scratch = os.path.join(HERE, "work", "who")
    os.makedirs(scratch, exist_ok=True)
    some, every, codeowners = (os.path.join(scratch, name) for name in ("500.txt", "all.txt", "CODEOWNERS"))
    with open(some, "w") as handle:
        handle.write("".join(path + "\n" for path in tracked[::max(1, len(tracked) // 500)][:500]))
    with open(every, "w") as handle:
        handle.write("".join(path + "\n" for path in tracked))
    with open(codeowners, "w") as handle:
        subprocess.run([leads, "codeowners"], cwd=repo, stdout=handle, stderr=subprocess.DEVNULL, env=GIT_ENV)
    python = args.python if os.path.exists(args.python) and subprocess.run(
        [args.python, "-c", "import codeowners"], capture_output=True).returncode == 0 else None
    # The Python package tries every CODEOWNERS line on every path: on the monorepo (590,000 files, 2,000
    # lines) that is hours. Every file is compared on repositories of a real size.
    compare_every_file = python and len(tracked) <= EVERY_FILE_LIMIT
    reference = [python, os.path.join(HERE, "who_codeowners.py"), codeowners, every]
    counter = 0
    for _ in range(args.runs):
        results["baseline"].append(measure(baseline_commands, repo))
        results["cold"].append(measure([lint + ["--no-cache"]], repo))
        results["show"].append(measure([[leads, "show", "--no-cache", "--now", now]], repo))
        results["log"].append(measure([[leads, "log", "--no-cache", "--now", now]], repo))
        results["report"].append(measure([[leads, "report", "--no-cache", "--now", now, "-o", os.devnull]], repo))
        measure([lint], repo)  # the cache now holds HEAD
        counter += 1
        new_commit(repo, counter, now)
        results["warm"].append(measure([lint], repo))
        results["newsince"].append(measure([lint + ["--new-since", "HEAD~1"]], repo))
        lead_file = lead_files[0]
        with open(lead_file, "a") as handle:
            handle.write("More notes.\n")
        git(repo, "add", os.path.relpath(lead_file, repo))
        results["index"].append(measure([["git", "ls-files", "-s"]], repo))
        results["staged"].append(measure([[leads, "hook", "run"]], repo))
        git(repo, "checkout", "-q", "HEAD", "--", os.path.relpath(lead_file, repo))
        results["who500"].append(measure([[leads, "who", "--stdin"]], repo, stdin=some))
        results["whoall"].append(measure([[leads, "who", "--stdin"]], repo, stdin=every))
        if compare_every_file:
            results["python"].append(measure([reference], repo))

    base = statistics.median(wall for wall, _ in results["baseline"])
    print(f"repository: {repo}")
    print(f"  {count} commits, {files} files; --now {now}; activity window since {window_start}; {args.runs} runs")
    print(f"  {'measurement':<34}{'median':>10}{'peak RSS':>12}{'vs git':>10}")
    labels = {
        "baseline": "git log (window) + git log (registry)",
        "cold": "leads lint --no-cache (cold)",
        "warm": "leads lint after 1 commit (warm)",
        "newsince": "leads lint --new-since HEAD~1",
        "index": "git ls-files -s (the index)",
        "staged": "leads hook run (pre-commit)",
        "show": "leads show --no-cache (cold)",
        "log": "leads log --no-cache (cold)",
        "report": "leads report --no-cache (cold)",
        "who500": "leads who --stdin (500 paths)",
        "whoall": f"leads who --stdin ({len(tracked)} paths)",
        "python": "codeowners package (same paths)",
    }
    medians = {}
    for key, label in labels.items():
        if not results[key]:
            continue
        wall = statistics.median(w for w, _ in results[key])
        peak = max(p for _, p in results[key])
        medians[key] = (wall, peak)
        print(f"  {label:<34}{wall * 1000:>8.0f} ms{peak:>9.0f} MB{wall / base:>9.2f}x")
    cold, warm = medians["cold"][0] / base, medians["warm"][0] / base
    hook = medians["staged"][0] / medians["index"][0]
    memory = medians["cold"][1] / medians["baseline"][1]
    peak = max(medians[key][1] for key in ("cold", "warm", "staged"))
    print("targets:")
    merges = args.profile == "monorepo-merges"  # the history shaped like real ones: tighter targets
    cold_target, warm_target = (0.5, 0.05) if merges else (1.0, 0.1)
    print(f"  cold <= {cold_target}x git: {cold:.2f}x {'met' if cold <= cold_target else 'MISSED'}")
    print(f"  warm <= {warm_target}x git: {warm:.2f}x {'met' if warm <= warm_target else 'MISSED'}")
    if merges:
        print(f"  hook <= 1.5x git ls-files: {hook:.2f}x {'met' if hook <= 1.5 else 'MISSED'}")
        print(f"  cold peak memory <= 0.5x git's: {memory:.2f}x {'met' if memory <= 0.5 else 'MISSED'}")
    elif args.profile == "monorepo":
        print(f"  hook <= 3x git ls-files: {hook:.2f}x {'met' if hook <= 3 else 'MISSED'}")
        print(f"  cold peak memory <= git's: {memory:.2f}x {'met' if memory <= 1.0 else 'MISSED'}")
    else:
        print(f"  peak memory < 200 MB: {peak:.0f} MB {'met' if peak < 200 else 'MISSED'}")
        print(f"  (hook vs git ls-files: {hook:.2f}x; cold peak memory vs git's: {memory:.2f}x)")
    log = medians["log"][0] / medians["show"][0]
    print(f"  log <= 1.5x cold show: {log:.2f}x {'met' if log <= 1.5 else 'MISSED'}")
    report = medians["report"][0] / medians["show"][0]
    print(f"  report <= 1.5x cold show: {report:.2f}x {'met' if report <= 1.5 else 'MISSED'}")
    print(f"  hook / cold lint: {medians['staged'][0] / medians['cold'][0]:.2f}")
    newsince = medians["newsince"][0] / medians["warm"][0]
    print(f"  lint --new-since <= 2x warm lint: {newsince:.2f}x {'met' if newsince <= 2 else 'MISSED'}")
    who500 = medians["who500"][0] / medians["index"][0]
    if args.profile != "default" and not args.repo:
        print(f"  who for 500 paths <= 2x git ls-files: {who500:.2f}x {'met' if who500 <= 2 else 'MISSED'}")
    else:  # an index read of a few milliseconds: the ratio measures process start-up
        print(f"  (who for 500 paths vs git ls-files: {who500:.2f}x; the target is the monorepo's)")
    if compare_every_file:
        whoall = medians["whoall"][0] / medians["python"][0]
        print(f"  who for every file <= 0.5x the codeowners package: {whoall:.2f}x "
              f"{'met' if whoall <= 0.5 else 'MISSED'}")
    elif python:
        print(f"  who for every file: compared on repositories of up to {EVERY_FILE_LIMIT:,} files (the default "
              "profile, or --repo)")
    else:
        print("  who for every file: not compared (no Python with the codeowners package; see --python)")


if __name__ == "__main__":
    main()
