#!/usr/bin/env python3
"""Generates a benchmark repository with `git fast-import`, in one of two shapes (or any shape given).

default   50,000 commits over three years, 5,000 files in 40 areas (src/areaNN/moduleM/), 50 authors, a
          registry of 40 services (one per area).
monorepo  300,000 commits over 1,000 days (about 27,000 in the last 90), 2,000 folders of 295 files
          each directly under src/ (590,000 files: wide trees, where each commit changes one entry of a
          2,000-entry tree), 600 authors, a registry of 500 services owning four folders each.

monorepo-merges
          the monorepo's tree and size, shaped like a busy real history: a topic branch of two commits merged
          every tenth commit, 1,500 authors, a tenth of the commits with a `Reviewed-by:` trailer.

In all, authors sometimes commit under an alias that `.mailmap` maps back, some commits carry co-author
trailers, topic branches are merged with merge commits (every 50th commit unless the profile says), and
leads hand off now and then. Everything is seeded: the same arguments give the same repository.
"""
import argparse
import os
import random
import subprocess
import sys

END = 1780272000  # 2026-06-01T00:00:00Z: the benchmark's --now

PROFILES = {
    "default": dict(commits=50_000, folders=40, files_per_folder=125, authors=50, posts=40, days=3 * 365,
                    layout="modules"),
    "monorepo": dict(commits=300_000, folders=2_000, files_per_folder=295, authors=600, posts=500, days=1_000,
                     layout="flat"),
    "monorepo-merges": dict(commits=300_000, folders=2_000, files_per_folder=295, authors=1_500, posts=500,
                            days=1_000, layout="flat", merge_every=10, reviews=0.1),
}


def author(index, alias=False):
    name = f"Dev {index:02d}"
    email = f"dev{index:02d}@old-laptop.local" if alias else f"dev{index:02d}@example.com"
    return name, email


class Shape:
    """Where files live and which post owns which folder."""

    def __init__(self, commits, folders, files_per_folder, authors, posts, days, layout, merge_every=50,
                 reviews=0.0):
        self.commits, self.folders, self.authors, self.posts, self.days = commits, folders, authors, posts, days
        self.layout = layout
        self.merge_every = merge_every  # a topic branch merged every this many commits
        self.reviews = reviews  # the share of commits with a Reviewed-by: trailer
        count = folders * files_per_folder
        if layout == "modules":  # src/areaNN/moduleM/fileNNNN.txt, areas interleaved
            self.files = [f"src/area{i % folders:02d}/module{(i // folders) % 10}/file{i:04d}.txt"
                          for i in range(count)]
            self.folder_files = lambda folder: [folder + folders * k for k in range(count // folders)]
        else:  # src/dNNNN/fNNN.txt, folder by folder
            self.files = [f"src/d{i // files_per_folder:04d}/f{i % files_per_folder:03d}.txt" for i in range(count)]
            self.folder_files = lambda folder: range(folder * files_per_folder, (folder + 1) * files_per_folder)

    def folder_path(self, folder):
        return f"/src/area{folder:02d}/" if self.layout == "modules" else f"/src/d{folder:04d}/"

    def post_of(self, folder):
        return folder * self.posts // self.folders

    def post_folders(self, post):
        return [folder for folder in range(self.folders) if self.post_of(folder) == post]

    def service_file(self, post, lead, backup):
        paths = "".join(f"  - {self.folder_path(folder)}\n" for folder in self.post_folders(post))
        name = f"{post:02d}" if self.layout == "modules" else f"{post:03d}"
        return (
            f"---\nkind: service\ntitle: Area {name}\nlead: {lead}\nbackup: [{backup}]\n"
            f"paths:\n{paths}---\n# Area {name}\n"
        ).encode()

    def lead_file(self, post):
        return f"registry/area{post:02d}.md" if self.layout == "modules" else f"registry/area{post:03d}.md"


def data(payload):
    return b"data %d\n" % len(payload) + payload + b"\n"


def generate(out, shape, seed):
    rng = random.Random(seed)
    files = shape.files
    owners = {post: post % shape.authors for post in range(shape.posts)}
    start = END - shape.days * 86400
    step = (END - start) / shape.commits
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

    def lead_and_backup(post):
        return author(owners[post])[1], author((owners[post] + 1) % shape.authors)[1]

    mailmap = "".join(
        f"{author(i)[0]} <{author(i)[1]}> <{author(i, alias=True)[1]}>\n" for i in range(shape.authors)
    ).encode()
    initial = [(path, f"{path}\n".encode()) for path in files]
    initial.append((".mailmap", mailmap))
    initial.append(("registry/README.md", b"# Registry\n"))
    for post in range(shape.posts):
        initial.append((shape.lead_file(post), shape.service_file(post, *lead_and_backup(post))))
    main_tip = commit("refs/heads/main", start, author(0), "initial import", initial)

    made = 1
    while made < shape.commits:
        when = int(start + made * step + rng.randint(-3600, 3600))
        if made % 997 == 0:
            # A handoff of one post to another developer, written by the new lead.
            post = rng.randrange(shape.posts)
            owners[post] = rng.randrange(shape.authors)
            lead, backup = lead_and_backup(post)
            main_tip = commit(
                "refs/heads/main", when, author(owners[post]), f"Hand {shape.lead_file(post)[9:-3]} to {lead}",
                [(shape.lead_file(post), shape.service_file(post, lead, backup))],
            )
            made += 1
            continue
        if made % shape.merge_every == 0 and made + 3 < shape.commits:
            # A topic branch of two commits, merged with a merge commit.
            base = main_tip
            tip = base
            for offset in range(2):
                who = rng.randrange(shape.authors)
                path = files[rng.randrange(len(files))]
                tip = commit(
                    "refs/heads/topic", when - 7200 + offset * 60, author(who), "topic work",
                    [(path, f"{path} topic {made} {offset}\n".encode())], parent=tip,
                )
            main_tip = commit(
                "refs/heads/main", when, author(rng.randrange(shape.authors)), "Merge topic",
                [], parent=main_tip, merge=tip,
            )
            made += 3
            continue
        folder = rng.randrange(shape.folders)
        who = owners[shape.post_of(folder)] if rng.random() < 0.6 else rng.randrange(shape.authors)
        identity = author(who, alias=rng.random() < 0.2)
        message = f"work on {shape.folder_path(folder)[5:-1]}"
        trailers = []
        if rng.random() < 0.05:
            partner = (who + 7) % shape.authors
            trailers.append(f"Co-authored-by: {author(partner)[0]} <{author(partner)[1]}>")
        if shape.reviews and rng.random() < shape.reviews:
            reviewer = (who + 11) % shape.authors
            trailers.append(f"Reviewed-by: {author(reviewer)[0]} <{author(reviewer)[1]}>")
        if trailers:
            message += "\n\n" + "\n".join(trailers)
        changes = []
        in_folder = shape.folder_files(folder)
        for _ in range(rng.choice((1, 1, 2, 3))):
            path = files[in_folder[rng.randrange(len(in_folder))]]
            changes.append((path, f"{path} {made} {rng.random()}\n".encode()))
        main_tip = commit("refs/heads/main", when, identity, message, changes)
        made += 1
    out.write(b"reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repository")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="default",
                        help="the shape to start from; the options below override parts of it")
    for name in ("commits", "folders", "files_per_folder", "authors", "posts", "days", "merge_every"):
        parser.add_argument("--" + name.replace("_", "-"), type=int, dest=name)
    parser.add_argument("--reviews", type=float, help="the share of commits with a Reviewed-by: trailer")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    settings = dict(PROFILES[args.profile])
    for name in ("commits", "folders", "files_per_folder", "authors", "posts", "days", "merge_every", "reviews"):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    if settings["posts"] > settings["folders"]:
        sys.exit("--posts cannot exceed --folders: each post owns at least one folder")
    if os.path.exists(args.repository):
        sys.exit(f"{args.repository} exists")
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", args.repository], check=True, env=env)
    importer = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=args.repository, stdin=subprocess.PIPE, env=env
    )
    generate(importer.stdin, Shape(**settings), args.seed)
    importer.stdin.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.repository, check=True, env=env)
    subprocess.run(["git", "repack", "-a", "-d", "-q"], cwd=args.repository, check=True, env=env)


if __name__ == "__main__":
    main()
