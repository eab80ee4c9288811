#!/usr/bin/env python3
"""Generates the benchmark repository with `git fast-import`.

50,000 commits over three years, 5,000 files in 40 areas, 50 authors who sometimes commit under an
alias that `.mailmap` maps back, co-author trailers, merged topic branches, and a registry of 40
services (one per area, so the registry's paths cover the tree) whose leads hand off now and then.
Everything is seeded: the same arguments give the same repository.
"""
import argparse
import os
import random
import subprocess
import sys

AREAS = 40
FILES = 5000
AUTHORS = 50
END = 1780272000  # 2026-06-01T00:00:00Z: the benchmark's --now
YEARS = 3


def author(index, alias=False):
    name = f"Dev {index:02d}"
    email = f"dev{index:02d}@old-laptop.local" if alias else f"dev{index:02d}@example.com"
    return name, email


def service_file(area, lead, backup):
    return (
        f"---\nkind: service\ntitle: Area {area:02d}\nlead: {lead}\nbackup: [{backup}]\n"
        f"paths:\n  - /src/area{area:02d}/\n---\n# Area {area:02d}\n"
    ).encode()


def data(payload):
    return b"data %d\n" % len(payload) + payload + b"\n"


def generate(out, commits, seed):
    rng = random.Random(seed)
    files = [f"src/area{i % AREAS:02d}/module{(i // AREAS) % 10}/file{i:04d}.txt" for i in range(FILES)]
    owners = {area: area % AUTHORS for area in range(AREAS)}
    start = END - YEARS * 365 * 86400
    step = (END - start) / commits
    mark = 0
    main_tip = None

    def commit(ref, when, who, message, changes, parent=None, merge=None):
        nonlocal mark
        mark += 1
        name, email = who
        chunk = [b"commit %s\n" % ref.encode(), b"mark :%d\n" % mark]
        chunk.append(f"author {name} <{email}> {when} +0000\n".encode())
        chunk.append(f"committer {name} <{email}> {when} +0000\n".encode())
        chunk.append(data(message.encode()))
        if parent:
            chunk.append(b"from :%d\n" % parent)
        if merge:
            chunk.append(b"merge :%d\n" % merge)
        for path, payload in changes:
            chunk.append(f"M 100644 inline {path}\n".encode())
            chunk.append(data(payload))
        out.write(b"".join(chunk))
        return mark

    mailmap = "".join(
        f"{author(i)[0]} <{author(i)[1]}> <{author(i, alias=True)[1]}>\n" for i in range(AUTHORS)
    ).encode()
    initial = [(path, f"{path}\n".encode()) for path in files]
    initial.append((".mailmap", mailmap))
    initial.append(("registry/README.md", b"# Registry\n"))
    for area in range(AREAS):
        lead = author(owners[area])[1]
        backup = author((owners[area] + 1) % AUTHORS)[1]
        initial.append((f"registry/area{area:02d}.md", service_file(area, lead, backup)))
    main_tip = commit("refs/heads/main", start, author(0), "initial import", initial)

    made = 1
    while made < commits:
        when = int(start + made * step + rng.randint(-3600, 3600))
        if made % 997 == 0:
            # A handoff of one area to another developer, written by the new lead.
            area = rng.randrange(AREAS)
            owners[area] = rng.randrange(AUTHORS)
            lead = author(owners[area])[1]
            backup = author((owners[area] + 1) % AUTHORS)[1]
            main_tip = commit(
                "refs/heads/main", when, author(owners[area]), f"Hand area{area:02d} to {lead}",
                [(f"registry/area{area:02d}.md", service_file(area, lead, backup))],
            )
            made += 1
            continue
        if made % 50 == 0 and made + 3 < commits:
            # A topic branch of two commits, merged with a merge commit.
            base = main_tip
            tip = base
            for offset in range(2):
                who = rng.randrange(AUTHORS)
                path = files[rng.randrange(FILES)]
                tip = commit(
                    "refs/heads/topic", when - 7200 + offset * 60, author(who), "topic work",
                    [(path, f"{path} topic {made} {offset}\n".encode())], parent=tip,
                )
            main_tip = commit(
                "refs/heads/main", when, author(rng.randrange(AUTHORS)), "Merge topic",
                [], parent=main_tip, merge=tip,
            )
            made += 3
            continue
        area = rng.randrange(AREAS)
        who = owners[area] if rng.random() < 0.6 else rng.randrange(AUTHORS)
        identity = author(who, alias=rng.random() < 0.2)
        message = f"work on area{area:02d}"
        if rng.random() < 0.05:
            message += f"\n\nCo-authored-by: {author((who + 7) % AUTHORS)[0]} <{author((who + 7) % AUTHORS)[1]}>"
        changes = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            index = rng.randrange(FILES // AREAS) * AREAS + area
            path = files[index]
            changes.append((path, f"{path} {made} {rng.random()}\n".encode()))
        main_tip = commit("refs/heads/main", when, identity, message, changes)
        made += 1
    out.write(b"reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("repository")
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if os.path.exists(args.repository):
        sys.exit(f"{args.repository} exists")
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", args.repository], check=True, env=env)
    importer = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=args.repository, stdin=subprocess.PIPE, env=env
    )
    generate(importer.stdin, args.commits, args.seed)
    importer.stdin.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.repository, check=True, env=env)
    subprocess.run(["git", "repack", "-a", "-d", "-q"], cwd=args.repository, check=True, env=env)


if __name__ == "__main__":
    main()
