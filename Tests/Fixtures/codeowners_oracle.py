"""Answers CODEOWNERS questions with the PyPI `codeowners` package, an implementation independent of leads.

Reads JSON from stdin: {"codeowners": "<file text>", "paths": ["a/b", ...]}; writes {"a/b": ["@owner", ...]}.
"""
import json
import sys

from codeowners import CodeOwners

request = json.load(sys.stdin)
owners = CodeOwners(request["codeowners"])
json.dump({path: [owner for _, owner in owners.of(path)] for path in request["paths"]}, sys.stdout)
