"""The leads binary the benches measure: one given, or a release build made the way a release ships."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def leads_binary(given=None):
    """`given` made absolute; else the binary `scripts/release --binary` builds from the working tree: the
    Swift runtime and a libgit2 without network transports linked in, as in a release archive, so that
    start-up does not spend its time loading and relocating a dozen shared libraries the product never uses."""
    if given:
        return os.path.abspath(given)
    built = subprocess.run([os.path.join(ROOT, "scripts", "release"), "--binary"], cwd=ROOT, check=True,
                           stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()
    return built[-1]
