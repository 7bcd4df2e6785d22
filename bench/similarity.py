"""Time the class similarity check on made-up classes of 200 and 1,000 students.

    python bench/similarity.py                 # classes of 200 and 1,000 (under a minute on 2 cores)
    python bench/similarity.py --sizes 60,500  # other sizes
    python bench/similarity.py --smoke         # one class of 30: does it still run? (its time means nothing)
    python bench/similarity.py --tutorial-prints ../shared/seeds   # maintainers: rewrite the tutorials' prints

`--tutorial-prints FOLDER` times nothing: it rewrites checker/grading/tutorial_fingerprints.txt
from the tutorial pages in FOLDER (hashes only, so the tutorials' text never enters the
project), which `kata grade-class` discounts as code every student saw.

For each size the class is made first (bench/similarity_class.py, not timed), then
`compare_class` is timed on it, common code included: reading every file, its fingerprints,
the index, the pairs. Printed beside the time: how many pairs were scored against how many
comparing everyone with everyone would score, and how many of the planted pairs were flagged
and how many other pairs. One run per size; the figure is wall-clock time on this machine now.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.similarity_class import make_class  # noqa: E402
from checker.core.files import atomic_write_text  # noqa: E402
from checker.grading.fingerprints import TUTORIAL_PRINTS, tutorial_prints_text  # noqa: E402
from checker.grading.similarity import compare_class  # noqa: E402

SIZES = (200, 1000)
SMOKE_SIZE = 30
SEED = 1
ROW = "{size:>6} students  {seconds:6.2f} s  {compared:>7} of {all_pairs:>7} pairs scored ({share:.1%})  planted flagged {found}/{planted}, other pairs flagged {others}"


def measure(size: int, seed: int = SEED) -> dict[str, float | int]:
    """One class of `size`: the time compare_class takes, and what it found."""
    made = make_class(size, seed)
    started = time.perf_counter()
    result = compare_class(made.students, made.common_code)
    seconds = time.perf_counter() - started
    flagged = {frozenset((pair.student_a, pair.student_b)) for pair in result.flagged}
    return {
        "size": size,
        "seconds": seconds,
        "compared": result.compared,
        "all_pairs": result.all_pairs,
        "share": result.compared / result.all_pairs if result.all_pairs else 0.0,
        "found": len(flagged & made.planted.keys()),
        "planted": len(made.planted),
        "others": len(flagged - made.planted.keys()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="class sizes, comma-separated")
    parser.add_argument("--smoke", action="store_true", help=f"one class of {SMOKE_SIZE}: does it still run?")
    parser.add_argument("--tutorial-prints", type=Path, metavar="FOLDER", help="rewrite the tutorials' prints")
    arguments = parser.parse_args(argv)
    if arguments.tutorial_prints is not None:
        if not arguments.tutorial_prints.is_dir():
            parser.error(f"{arguments.tutorial_prints} is not a folder of tutorial pages")
        text = tutorial_prints_text(arguments.tutorial_prints)
        atomic_write_text(TUTORIAL_PRINTS, text)
        print(f"wrote {text.count(chr(10)) - 2} hashes to {TUTORIAL_PRINTS.relative_to(ROOT)}")
        return 0
    sizes = [SMOKE_SIZE] if arguments.smoke else [int(size) for size in arguments.sizes.split(",") if size.strip()]
    for size in sizes:
        print(ROW.format(**measure(size)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
