"""similarity.csv and the class report's section on similar work, from a ClassSimilarity alone."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from checker.core.cells import spreadsheet_cell
from checker.core.files import atomic_write_text
from checker.grading.similarity import (
    ANSWER_WEIGHT,
    ANSWERS_COUNTED,
    CODE_FRAGMENTS_COUNTED,
    FLAG_SCORE,
    RARITY_CLASS_AT_LEAST,
    ClassSimilarity,
)
from checker.report.classwide.similar import FlaggedPair, SimilarWork, similar_markdown

__all__ = ["SIMILARITY_NAME", "similar_work", "similarity_csv", "similarity_section", "write_similarity"]

SIMILARITY_NAME = "similarity.csv"
_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}
COLUMNS = ("student_a", "student_b", "score", "flagged", "evidence")
NOTHING_SHARED = "No two students share more rare code or rare wrong answers than chance explains."
SOME_SHARED = (
    "{count} of the class's {all_pairs} pairs of students {share} more rare code or rare wrong answers than "
    "chance explains; {flagged} reach{es} the threshold and {are} listed below, highest score first. "
    "Every such pair is in similarity.csv."
)
NONE_FLAGGED = (
    "{count} of the class's {all_pairs} pairs of students {share} more rare code or rare wrong answers than "
    "chance explains, not enough to reach the threshold; every such pair is in similarity.csv."
)
WHAT_IT_IS = (
    "The score weighs what two students have in common by how few others in the class have it: a piece that d "
    "of the class's N students hold weighs log10((N - 1) / (d - 1)), 2 in a class of 101 when only the two have "
    f"it, 1 when a tenth of the others have it too (a class under {RARITY_CLASS_AT_LEAST} is read as one of "
    f"{RARITY_CLASS_AT_LEAST}). In each kata, the "
    f"code they share weighs as its {_ORDINAL[CODE_FRAGMENTS_COUNTED]} rarest fragment, so that a line or two "
    f"alike counts little; the same rare wrong answer on a hidden case weighs {ANSWER_WEIGHT:g} times as much, "
    f"up to {ANSWERS_COUNTED} answers a kata. From the sum, log10 of the number of pairs in the class is taken "
    'away, since chance alone makes some pair of a big class look alike somewhere: a score s reads "chance '
    'would make a pair this alike in one class of 10^s of this size". Code from the references, the stubs and '
    f"the tutorials counts nothing. A pair is listed from a score of {FLAG_SCORE:g}. This is a reason to read "
    "both submissions side by side, not proof of copying: students who worked together as allowed, a shared "
    "outside source or a kata with few ways to write it can score high too, and a score below the threshold "
    "clears nobody."
)
UNREADABLE = "{count} kata file{s} did not parse as Python, so their code could not be compared (their answers were)."


def similarity_csv(result: ClassSimilarity) -> str:
    """student_a,student_b,score,flagged,evidence: every pair with some evidence, highest score first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for pair in result.pairs:
        writer.writerow(
            [
                spreadsheet_cell(pair.student_a),
                spreadsheet_cell(pair.student_b),
                f"{pair.score:g}",
                "yes" if pair.flagged else "no",
                spreadsheet_cell(pair.evidence),
            ]
        )
    return buffer.getvalue()


def similar_work(result: ClassSimilarity) -> SimilarWork:
    """What the report's section says: a sentence, the flagged pairs, what the score is and is not."""
    flagged = result.flagged
    count = len(result.pairs)
    share = "shares" if count == 1 else "share"
    if not count:
        summary = NOTHING_SHARED
    elif not flagged:
        summary = NONE_FLAGGED.format(count=count, all_pairs=result.all_pairs, share=share)
    else:
        one = len(flagged) == 1
        summary = SOME_SHARED.format(
            count=count,
            all_pairs=result.all_pairs,
            share=share,
            flagged=len(flagged),
            es="es" if one else "",
            are="is" if one else "are",
        )
    notes = []
    if result.unreadable:
        unreadable = len(result.unreadable)
        notes.append(UNREADABLE.format(count=unreadable, s="" if unreadable == 1 else "s"))
    notes.append(WHAT_IT_IS)
    pairs = tuple(FlaggedPair(pair.student_a, pair.student_b, pair.score, pair.evidence) for pair in flagged)
    return SimilarWork(summary, pairs, tuple(notes))


def similarity_section(result: ClassSimilarity) -> list[str]:
    """The class report's Markdown lines for this result."""
    return similar_markdown(similar_work(result))


def write_similarity(out: Path, result: ClassSimilarity) -> SimilarWork:
    """Write `out`/similarity.csv (whole or not at all) and return what the report's section says."""
    atomic_write_text(out / SIMILARITY_NAME, similarity_csv(result))
    return similar_work(result)
