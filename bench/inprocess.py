"""The baseline for `kata check --all`: the same specs, run by one plain pytest, no isolation.

`python bench/inprocess.py [--seed N] [KATA ...]` runs the spec files of the chosen katas
(default: all) with pytest in this one process. The specs' `kata` fixture is replaced by
`InProcessSession`: the judge's own `KataSession` (so every method a spec uses, such as
`call`, `train` and `chart_fit`, is the real one) with its one request path swapped
for the real worker code in this process (`_Worker.handle`: the same argument decoding,
probes, harness drivers and result encoding), its reply decoded as the judge decodes it,
but without a worker process, pipes or JSON framing. So this run does all the work a
check does except the isolation, which is what the ratio in bench/results.md prices.

Exit status: pytest's (0 when every spec passed).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The runner's session and worker modules import neither torch nor pytest (main does that).
from checker.core.limits import Limits  # noqa: E402
from checker.runner.judge.session import Answer, KataSession  # noqa: E402
from checker.runner.worker import probes  # noqa: E402
from checker.runner.worker.serve import _Worker  # noqa: E402

__all__ = ["InProcessSession", "main"]


class InProcessSession(KataSession):
    """`KataSession` whose requests are answered by the worker code in this process."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, display_path=path.name, limits=Limits())
        self.worker = _Worker(-1, -1)  # the file descriptors are never used: no serve()
        reply = self.worker.load(path)
        if reply["status"] != "loaded":
            raise RuntimeError(f"cannot load {path}: {reply}")

    def _ask(self, request: dict, name: str, text: str) -> Answer:
        # In place of the worker process: the same handling, and the probes serve() adds.
        reply = self.worker.handle(request)
        reply["probes"] = probes.snapshot()
        return self._answer(reply, name, text)


class _InProcessPlugin:
    """The `kata` and `rng` fixtures and CUDA skips, as the judge's plugin provides them."""

    def __init__(self, katas, seed: int, cuda_available: bool) -> None:
        self.by_spec = {Path(kata.spec_file).name: kata for kata in katas}
        self.seed = seed
        self.cuda_available = cuda_available
        self.sessions: dict[int, InProcessSession] = {}

    def _kata_of(self, node):
        return self.by_spec.get(Path(str(node.path)).name)

    def pytest_collection_modifyitems(self, items) -> None:
        import pytest

        for item in items:
            if self._kata_of(item) and item.get_closest_marker("cuda") and not self.cuda_available:
                item.add_marker(pytest.mark.skip(reason="needs CUDA"))

    def _register_fixtures(self):
        import pytest

        plugin = self

        class Fixtures:
            @pytest.fixture
            def kata(self, request):
                kata = plugin._kata_of(request.node)
                if kata.number not in plugin.sessions:
                    plugin.sessions[kata.number] = InProcessSession(ROOT / "reference" / f"{kata.name}.py")
                return plugin.sessions[kata.number]

            @pytest.fixture
            def rng(self, request):
                return random.Random(f"{plugin.seed}:{request.node.name}")

        return Fixtures()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("katas", nargs="*", help="kata ids or names (default: every kata)")
    parser.add_argument("--seed", type=int, default=1234)
    options = parser.parse_args(argv)

    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    import pytest
    import torch

    from checker.core.catalogue import load_catalogue
    from checker.runner.judge.run import SPECS_DIR

    torch.set_num_threads(max(1, min(torch.get_num_threads(), os.cpu_count() or 1)))  # as the worker does
    probes.install()
    catalogue = load_catalogue(ROOT)
    katas = catalogue.select(options.katas) if options.katas else list(catalogue)
    plugin = _InProcessPlugin(katas, options.seed, torch.cuda.is_available())
    args = [str(SPECS_DIR / kata.spec_file) for kata in katas]
    args += [
        "-c",
        str(SPECS_DIR / "pytest.ini"),
        "--rootdir",
        str(SPECS_DIR),
        "--noconftest",
        "--import-mode=importlib",
        "-p",
        "no:cacheprovider",
        "-q",
    ]
    return int(pytest.main(args, plugins=[plugin, plugin._register_fixtures()]))


if __name__ == "__main__":
    sys.exit(main())
