"""The leads binary the benches measure: one given, or a release build made the way a release ships."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def leads_binary(given=None):
    """`given` made absolute; else builds release with the Swift runtime linked in (into .build-static/), so
    that start-up does not spend its time loading and relocating a dozen shared libraries."""
    if given:
        return os.path.abspath(given)
    subprocess.run(["swift", "build", "-c", "release", "--product", "leads", "--static-swift-stdlib",
                    "--scratch-path", os.path.join(ROOT, ".build-static")], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build-static", "release", "leads")
