"""Which pairs of students in a class share work that nobody else shares: code fragments and wrong answers.

This is evidence for a person to look at, never an accusation. A high score says that two
submissions have in common what the rest of the class does not: the same unusual code (after
names, comments and layout are set aside, fingerprints.py) or the same wrong answer on a
hidden case (every student was graded with the same seed, so the same mistake in the same
code gives the same text). Two friends who studied together, a shared outside source, or a
short kata with few ways to write it can all raise a score; only reading both submissions
side by side can say what happened.

How rare a piece of work is, the class says: of the other students, the share who hold it too
is how likely a student who worked alone is to have written it. A piece d of the N students
hold weighs log10((N - 1) / (d - 1)), the powers of ten by which it is rarer than certain: 2
in a class of 101 when only the two have it, 1 when a tenth of the others do, 0 when all do.
A class of fewer than `RARITY_CLASS_AT_LEAST` is read as if it had that many, since a handful
of students cannot show what is rare. What counts:

* Code: in each kata both wrote, the fragments (fingerprints of the file) the two have in
  common, weighed by the `CODE_FRAGMENTS_COUNTED`-th rarest of them, so that it takes a few
  lines alike, not one, and a whole file copied counts once, not line by line. A fragment
  more than `COMMON_CODE_SHARE` of the class (and more than `RARE_CODE_HOLDERS` students)
  hold is how the class writes that step and counts nothing.
* Fragments of the code every student saw count nothing, whoever holds them: the reference
  (shown after a pass), the stubs, the tutorials. The caller hands these in as `common_code`
  (source) or `common_prints` (its hashes), so this module reads no file itself.
* Answers: an identical wrong answer on a case that at most `RARE_ANSWER_HOLDERS` students
  gave weighs the same way, `ANSWER_WEIGHT` times over; a wrong answer more gave is a common
  mistake, not a sign of shared work. A kata adds its `ANSWERS_COUNTED` rarest, since one
  mistake shows on several cases.
* The pair's score is what its katas add up to, less log10 of the number of pairs in the
  class: chance alone makes some pair of a big class look alike somewhere, and the score is
  how far beyond that this pair goes. Read it as: chance would make a pair this alike in one
  class of 10 ** score of this size (the pieces taken as independent, which one person's
  habits are not quite). A pair is flagged from `FLAG_SCORE`; pairs that do not get past
  chance (a score of 0 or less) are not listed.

The cost stays near linear in the class: fragments and answers are indexed by who holds
them, and only the pairs that share at least one fragment at most `RARE_CODE_HOLDERS`
students hold, or one rare wrong answer, are scored. A fragment held by more would make many
pairs, and a pair that shares nothing rarer is weighed only if something else brings it in.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from checker.grading.fingerprints import common_hashes, fingerprints

__all__ = [
    "ANSWERS_COUNTED",
    "ANSWER_WEIGHT",
    "CODE_FRAGMENTS_COUNTED",
    "COMMON_CODE_SHARE",
    "FLAG_SCORE",
    "RARE_ANSWER_HOLDERS",
    "RARE_CODE_HOLDERS",
    "RARITY_CLASS_AT_LEAST",
    "ClassSimilarity",
    "SimilarPair",
    "StudentWork",
    "compare_class",
]

# Only pairs that share a fragment at most this many students hold are scored (cost); and in a
# class of up to 60 a fragment more hold is how the class writes it.
RARE_CODE_HOLDERS = 6
# In a bigger class, a fragment more than this share of the students hold counts nothing.
COMMON_CODE_SHARE = 0.1
# The same wrong answer from more students than this is a common mistake, not shared work.
RARE_ANSWER_HOLDERS = 3
# A kata's code weighs as its fourth rarest fragment in common: a line or two alike (a line is
# two or three fragments) is what two people who never met write now and then.
CODE_FRAGMENTS_COUNTED = 4
# A kata's wrong answers add their four rarest: one mistake shows up on several of the cases.
ANSWERS_COUNTED = 4
# A rare wrong answer weighs twice a kata's code as rare: the same wrong numbers are more seldom
# chance than a few lines written alike (the made-up classes of 10 to 30 students show why).
ANSWER_WEIGHT = 2.0
# Rarity is read from a class of at least this many: in a class of 8, "nobody else wrote it"
# says little. Measured on made-up classes, 60 students tell rare from common well.
RARITY_CLASS_AT_LEAST = 60
# The score at which a pair is flagged for a person to look at: chance would make a pair this
# alike in one class of 100,000. On the made-up classes of 10 to 1,000 students
# (bench/similarity_class.py, many seeds) whole copies and shared unusual bugs score 6.5 and
# more, students who worked apart 4.0 at most. It is not a proof, and a pair below it is not cleared.
FLAG_SCORE = 5.0
# How many katas a pair's evidence sentence names before it sums up the rest.
KATAS_SAID = 3

NO_OTHER = "which no other student gave"
ONE_OTHER = "which one other student gave"
OTHERS = "which {count} other students gave"
DUPLICATE_ID = "Student {id} appears twice in the class: give each student's work once."


@dataclass(frozen=True)
class StudentWork:
    """One student's part: their kata files and their wrong answers on the hidden cases.

    A wrong answer is what a failed case got back (the `got` of its message), for the cases the
    student's code answered: leave out the cases of a kata not started or not submitted, whose
    "answer" is the same for everyone who skipped it and says nothing about who worked with whom.
    """

    id: str
    files: Mapping[str, str] = field(default_factory=dict)  # kata id -> the file's source text
    wrong_answers: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (kata id, case) -> answer


@dataclass(frozen=True)
class SimilarPair:
    """Two students (a before b by id), their score, whether it reaches FLAG_SCORE, and why, in words."""

    student_a: str
    student_b: str
    score: float
    flagged: bool
    evidence: str


@dataclass(frozen=True)
class ClassSimilarity:
    """Every pair more alike than chance (highest score first), and what it took to find them."""

    pairs: tuple[SimilarPair, ...]
    compared: int  # pairs scored: those sharing at least one rare fragment or rare wrong answer
    all_pairs: int  # what comparing everyone with everyone would have scored
    unreadable: tuple[tuple[str, str], ...] = ()  # (student, kata) whose file did not parse: no code evidence

    @property
    def flagged(self) -> tuple[SimilarPair, ...]:
        return tuple(pair for pair in self.pairs if pair.flagged)


@dataclass
class _KataEvidence:
    fragments: int = 0  # the code fragments in common that count (not how the class writes it)
    counted_holders: int = 0  # how many students hold the CODE_FRAGMENTS_COUNTED-th rarest of them
    code: float = 0.0
    answers: list[tuple[str, int, float]] = field(default_factory=list)  # (case, others who gave it, weight)

    @property
    def score(self) -> float:
        weights = sorted((weight for _, _, weight in self.answers), reverse=True)
        return self.code + sum(weights[:ANSWERS_COUNTED])


class _Rarity:
    """How much a piece of work d students hold weighs in this class: log10((N - 1) / (d - 1))."""

    def __init__(self, students: int) -> None:
        self.others = max(students, RARITY_CLASS_AT_LEAST) - 1
        self.common_from = max(RARE_CODE_HOLDERS, COMMON_CODE_SHARE * students)  # more holders: count nothing
        self.chance = math.log10(students * (students - 1) / 2) if students > 1 else 0.0

    def weight(self, holders: int) -> float:
        return max(0.0, math.log10(self.others / (holders - 1)))


def compare_class(
    students: Sequence[StudentWork], common_code: Iterable[str] = (), common_prints: Iterable[int] = ()
) -> ClassSimilarity:
    """Score every pair of students that shares rare work; `common_code` is the source everybody saw.

    `common_prints` are more of it, already hashed (fingerprints.all_kgram_hashes of code whose
    text is not at hand: the tutorials' prints that ship with the checker).
    """
    ids = [student.id for student in students]
    seen: set[str] = set()
    for student_id in ids:
        if student_id in seen:
            raise ValueError(DUPLICATE_ID.format(id=student_id))
        seen.add(student_id)
    common = common_hashes(common_code) | frozenset(common_prints)
    prints: list[dict[str, frozenset[int]]] = []
    code_holders: dict[tuple[str, int], list[int]] = defaultdict(list)
    answer_holders: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    unreadable = []
    for index, student in enumerate(students):
        own: dict[str, frozenset[int]] = {}
        for kata, source in student.files.items():
            try:
                own[kata] = fingerprints(source) - common
            except SyntaxError:
                unreadable.append((student.id, kata))
                continue
            for value in own[kata]:
                code_holders[(kata, value)].append(index)
        prints.append(own)
        for (kata, case), answer in student.wrong_answers.items():
            answer_holders[(kata, case, answer)].append(index)

    candidates: set[tuple[int, int]] = set()
    for holders in code_holders.values():
        if 2 <= len(holders) <= RARE_CODE_HOLDERS:
            candidates.update(combinations(holders, 2))  # holders are in class order, so a < b
    rarity = _Rarity(len(students))
    evidence: dict[tuple[int, int], dict[str, _KataEvidence]] = defaultdict(lambda: defaultdict(_KataEvidence))
    for (kata, case, _), holders in answer_holders.items():
        if 2 <= len(holders) <= RARE_ANSWER_HOLDERS:
            weight = ANSWER_WEIGHT * rarity.weight(len(holders))
            for pair in combinations(holders, 2):
                candidates.add(pair)
                evidence[pair][kata].answers.append((case, len(holders) - 2, weight))
    for a, b in candidates:
        for kata in prints[a].keys() & prints[b].keys():
            held = sorted(len(code_holders[(kata, value)]) for value in prints[a][kata] & prints[b][kata])
            held = [count for count in held if count <= rarity.common_from]
            if len(held) >= CODE_FRAGMENTS_COUNTED:
                found = evidence[(a, b)][kata]
                found.fragments = len(held)
                found.counted_holders = held[CODE_FRAGMENTS_COUNTED - 1]
                found.code = rarity.weight(found.counted_holders)

    pairs = []
    for (a, b), katas in evidence.items():
        score = round(sum(found.score for found in katas.values()) - rarity.chance, 2)
        if score > 0:
            first, second = sorted((ids[a], ids[b]))
            pairs.append(SimilarPair(first, second, score, score >= FLAG_SCORE, _sentence(katas)))
    pairs.sort(key=lambda pair: (-pair.score, pair.student_a, pair.student_b))
    count = len(students)
    return ClassSimilarity(tuple(pairs), len(candidates), count * (count - 1) // 2, tuple(sorted(unreadable)))


def _sentence(katas: Mapping[str, _KataEvidence]) -> str:
    """'kata 04: 9 code fragments in common, 4 of them written by no other student; kata 11: same wrong answer ...'."""
    ranked = sorted(((kata, found) for kata, found in katas.items() if found.score > 0), key=_strongest_first)
    parts = [f"kata {kata}: " + ", and ".join(_kata_clauses(found)) for kata, found in ranked[:KATAS_SAID]]
    rest = len(ranked) - KATAS_SAID
    if rest > 0:
        parts.append(f"and rare work in common in {rest} more kata{'s' if rest > 1 else ''}")
    return "; ".join(parts)


def _strongest_first(item: tuple[str, _KataEvidence]) -> tuple[float, str]:
    return -item[1].score, item[0]


def _kata_clauses(found: _KataEvidence) -> list[str]:
    clauses = []
    if found.code > 0:
        others = found.counted_holders - 2
        who = "no other student" if others == 0 else "one other student" if others == 1 else f"{others} others at most"
        clauses.append(f"{found.fragments} code fragments in common, {CODE_FRAGMENTS_COUNTED} of them written by {who}")
    by_others: dict[int, list[str]] = defaultdict(list)
    for case, others, _ in found.answers:
        by_others[others].append(case)
    for others, cases in sorted(by_others.items()):
        cases.sort()
        said = f"case {cases[0]}" if len(cases) == 1 else "cases " + ", ".join(cases)
        answer = "same wrong answer" if len(cases) == 1 else "same wrong answers"
        who = NO_OTHER if others == 0 else ONE_OTHER if others == 1 else OTHERS.format(count=others)
        clauses.append(f"{answer} on {said}, {who}")
    return clauses
