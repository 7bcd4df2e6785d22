"""The torch version the course is written and tested against, named once.

The install commands that pin it by hand (README.md, `.ci/run`, the classroom workflow
in `.github/workflows/`) cannot import Python; `tests/core/test_versions.py` reads each of
them and fails when one names another version. The student README that `kata
export-template` writes takes it from here.
"""

from __future__ import annotations

__all__ = ["TORCH_VERSION"]

# What `pip install torch==...` installs in every documented command and in CI: the
# reference solutions, the specs' tolerances and the recorded mistakes are checked with it.
TORCH_VERSION = "2.13.0"
