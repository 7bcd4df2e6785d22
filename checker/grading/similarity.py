"""Which pairs of students in a class share work that nobody else shares: code fragments and wrong answers.

This is evidence for a person to look at, never an accusation. A high score says that two
submissions have in common what the rest of the class does not: the same unusual code (after
names, comments and layout are set aside, fingerprints.py) or the same wrong answer on a
hidden case (every student was graded with the same seed, so the same mistake in the same
code gives the same text). Two friends who studied together, a shared outside source, or a
short kata with few ways to write it can all raise a score; only reading both submissions
side by side can say what happened.

What counts, and how much:

* A code fragment (a fingerprint of one kata's file) held by d students, 2 <= d <=
  `RARE_CODE_HOLDERS`, is one unit of evidence shared out among the d * (d - 1) / 2 pairs of
  its holders: 1 when only the two have it, 1/3 when three do, 1/6 for four. A fragment held
  by more students counts nothing: it is how the class writes that step.
* Fragments of the code every student saw count nothing, whoever holds them: the reference
  (shown after a pass), the stubs, the tutorials. The caller hands these in as `common_code`
  (source) or `common_prints` (its hashes), so this module reads no file itself.
* An identical wrong answer on one case held by d students, 2 <= d <= `RARE_ANSWER_HOLDERS`,
  counts `ANSWER_WEIGHT` units shared out the same way. A wrong answer more students gave is a
  common mistake, not a sign of shared work.
* One kata adds at most `KATA_CODE_AT_MOST` from its code and `KATA_ANSWERS_AT_MOST` from its
  answers. A short kata has few ways to be written, so two people who never met can write one
  alike; what independent work does not do is coincide, rarely, kata after kata.
* A pair is flagged when its score reaches `FLAG_SCORE`.

The cost stays near linear in the class: fragments and answers are indexed by who holds
them, and only the pairs that share at least one rare fragment or rare answer are ever
scored, during the same pass over the index. A fragment held by more than
`RARE_CODE_HOLDERS` students would make many pairs and counts nothing, so it makes none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from checker.grading.fingerprints import common_hashes, fingerprints

__all__ = [
    "ANSWER_WEIGHT",
    "FLAG_SCORE",
    "KATA_ANSWERS_AT_MOST",
    "KATA_CODE_AT_MOST",
    "RARE_ANSWER_HOLDERS",
    "RARE_CODE_HOLDERS",
    "ClassSimilarity",
    "SimilarPair",
    "StudentWork",
    "compare_class",
]

# A fragment of code held by more students than this is how the class writes it: it counts nothing.
RARE_CODE_HOLDERS = 6
# The same wrong answer from more students than this is a common mistake, not shared work.
RARE_ANSWER_HOLDERS = 3
# One wrong answer only the two gave weighs as much as this many code fragments only they have:
# a few lines of rare code in common are more often chance than the same wrong numbers are.
ANSWER_WEIGHT = 3.0
# What one kata can add at most from its code (three fragments only the two wrote) and from its
# answers (three wrong answers only the two gave): one kata alike can be chance, and one mistake
# shows up on several of a kata's cases.
KATA_CODE_AT_MOST = 3.0
KATA_ANSWERS_AT_MOST = 3 * ANSWER_WEIGHT
# The score at which a pair is flagged for a person to look at. It takes rare code in common in
# four katas, or rare code and the same rare wrong answers in one kata, or rare wrong answers in
# two. It is not a proof, and a pair below it is not cleared: the score only orders the pairs.
FLAG_SCORE = 10.0
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
    """Every pair with some evidence (highest score first), and what it took to find them."""

    pairs: tuple[SimilarPair, ...]
    compared: int  # pairs scored: those sharing at least one rare fragment or rare wrong answer
    all_pairs: int  # what comparing everyone with everyone would have scored
    unreadable: tuple[tuple[str, str], ...] = ()  # (student, kata) whose file did not parse: no code evidence

    @property
    def flagged(self) -> tuple[SimilarPair, ...]:
        return tuple(pair for pair in self.pairs if pair.flagged)


@dataclass
class _KataEvidence:
    code: float = 0.0  # the weight of the rare fragments in common
    fragments: int = 0
    answers: list[tuple[str, int]] = field(default_factory=list)  # (case, how many others gave it)

    @property
    def score(self) -> float:
        answers = sum(ANSWER_WEIGHT * _pair_share(others + 2) for _, others in self.answers)
        return min(self.code, KATA_CODE_AT_MOST) + min(answers, KATA_ANSWERS_AT_MOST)


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
    code_holders: dict[tuple[str, int], list[int]] = defaultdict(list)
    answer_holders: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    unreadable = []
    for index, student in enumerate(students):
        for kata, source in student.files.items():
            try:
                prints = fingerprints(source)
            except SyntaxError:
                unreadable.append((student.id, kata))
                continue
            for value in prints - common:
                code_holders[(kata, value)].append(index)
        for (kata, case), answer in student.wrong_answers.items():
            answer_holders[(kata, case, answer)].append(index)

    evidence: dict[tuple[int, int], dict[str, _KataEvidence]] = defaultdict(lambda: defaultdict(_KataEvidence))
    for (kata, _), holders in code_holders.items():
        if 2 <= len(holders) <= RARE_CODE_HOLDERS:
            weight = _pair_share(len(holders))
            for pair in combinations(holders, 2):  # holders are in class order, so a < b
                found = evidence[pair][kata]
                found.code += weight
                found.fragments += 1
    for (kata, case, _), holders in answer_holders.items():
        if 2 <= len(holders) <= RARE_ANSWER_HOLDERS:
            for pair in combinations(holders, 2):
                evidence[pair][kata].answers.append((case, len(holders) - 2))

    pairs = []
    for (a, b), katas in evidence.items():
        score = round(sum(found.score for found in katas.values()), 2)
        first, second = sorted((ids[a], ids[b]))
        pairs.append(SimilarPair(first, second, score, score >= FLAG_SCORE, _sentence(katas)))
    pairs.sort(key=lambda pair: (-pair.score, pair.student_a, pair.student_b))
    count = len(students)
    return ClassSimilarity(tuple(pairs), len(evidence), count * (count - 1) // 2, tuple(sorted(unreadable)))


def _pair_share(holders: int) -> float:
    """One unit of evidence shared out among every pair of the holders: 1 for two, 1/3 for three, 1/6 for four."""
    return 2.0 / (holders * (holders - 1))


def _sentence(katas: Mapping[str, _KataEvidence]) -> str:
    """'kata 04: 3 rare code fragments in common; kata 11: same wrong answer on case x, which no other student gave'."""
    ranked = sorted(katas.items(), key=lambda item: (-item[1].score, item[0]))
    parts = [f"kata {kata}: " + " and ".join(_kata_clauses(found)) for kata, found in ranked[:KATAS_SAID]]
    rest = len(ranked) - KATAS_SAID
    if rest > 0:
        parts.append(f"and rare work in common in {rest} more kata{'s' if rest > 1 else ''}")
    return "; ".join(parts)


def _kata_clauses(found: _KataEvidence) -> list[str]:
    clauses = []
    if found.fragments:
        clauses.append(f"{found.fragments} rare code fragment{'s' if found.fragments > 1 else ''} in common")
    by_others: dict[int, list[str]] = defaultdict(list)
    for case, others in found.answers:
        by_others[others].append(case)
    for others, cases in sorted(by_others.items()):
        cases.sort()
        said = f"case {cases[0]}" if len(cases) == 1 else "cases " + ", ".join(cases)
        answer = "same wrong answer" if len(cases) == 1 else "same wrong answers"
        who = NO_OTHER if others == 0 else ONE_OTHER if others == 1 else OTHERS.format(count=others)
        clauses.append(f"{answer} on {said}, {who}")
    return clauses
