#!/usr/bin/env python3
"""The owners of every path in a file, by the `codeowners` package from PyPI: the reference `leads who`
is measured against. usage: who_codeowners.py CODEOWNERS PATHS"""
import sys

from codeowners import CodeOwners


def main():
    with open(sys.argv[1]) as handle:
        owners = CodeOwners(handle.read())
    with open(sys.argv[2]) as handle:
        for line in handle:
            path = line.rstrip("\n")
            if path:
                print(path, " ".join(owner for _, owner in owners.of(path)))


if __name__ == "__main__":
    main()
