"""Kata 16 indexing: slices, row lists and masks take a matrix apart; cat and stack put tensors together."""

import itertools

import pytest
import torch

from checker.specs.api import expect_floats, expect_true, known_errors, leaves
from checker.specs.indexing import mistakes as own

pytestmark = known_errors(
    own.LIST_NOT_TENSOR,
    own.PICKED_COLUMNS,
    own.CAT_WRONG_DIM,
    own.STACK_FOR_CAT,
    own.TENSORS_NOT_IN_A_LIST,
)

GRID = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]  # torch.arange(12).reshape(3, 4), as in the tutorial

EXAMPLES = [
    ("sub_matrix", (GRID, 1, 2, 2, 2)),
    ("sub_matrix", (GRID, 0, 0, 3, 1)),
    ("pick_rows", ([[1, 2], [3, 4], [5, 6]], [2, 0, 2])),
    ("pick_rows", (GRID, [1])),
    ("clip_negatives", ([[1, -2], [-3, 4]],)),
    ("clip_negatives", ([[0.5, -0.25, 0.0]],)),
    ("as_column", ([1, 2, 3],)),
    ("as_column", ([7.5],)),
    ("join", ([[1, 2]], [[3, 4]], "rows")),
    ("join", ([[1, 2]], [[3, 4]], "columns")),
    ("join", ([[1, 2]], [[3, 4]], "stack")),
    ("join", ([[1, 2], [3, 4]], [[5], [6]], "columns")),
]


# -- the checks, one per entry point: the right answer and what each known mistake gives ----


def _telling(suspects: list) -> list:
    """The suspects whose answer only one mistake computes: where two mistakes agree (say, with
    the block at row 0, `t[top:height]` is right), the answer cannot tell them apart, so
    neither is named there; the other cases name it."""
    makers = {}
    for mistake, answer in suspects:
        makers.setdefault(str(answer), set()).add(mistake.code)
    return [(mistake, answer) for mistake, answer in suspects if len(makers[str(answer)]) == 1]


def _sub_matrix_suspects(t, top: int, left: int, height: int, width: int) -> list:
    """What each known mistake returns. A stop that ends up the same as the right one (past the
    last row, or `height` when the block starts at row 0) is no mistake on this matrix."""
    suspects = []
    for r0, r1 in {(top, top + height + 1), (top, height), (top, top + height)}:
        for c0, c1 in {(left, left + width + 1), (left, width), (left, left + width)}:
            rows, columns = range(t.shape[0])[r0:r1], range(t.shape[1])[c0:c1]
            wrong_rows, wrong_columns = rows != range(top, top + height), columns != range(left, left + width)
            if wrong_rows or wrong_columns:
                as_length = (wrong_rows and r1 == height) or (wrong_columns and c1 == width)
                mistake = own.STOP_AS_LENGTH if as_length else own.STOP_COUNTED_IN
                suspects.append((mistake, t[r0:r1, c0:c1].tolist()))
    # Rows taken for columns: the starts swapped, the lengths swapped, or both, in t or in its
    # transpose (t.T[rows, columns] reads t's columns first); all but t's own block, the right one.
    swaps = [
        (own.ROWS_COLUMNS_SWAPPED, m[r0 : r0 + r_len, c0 : c0 + c_len].tolist())
        for m in (t, t.T)
        for r0, c0 in ((top, left), (left, top))
        for r_len, c_len in ((height, width), (width, height))
    ][1:]
    return [*suspects, *swaps, (own.SLICED_ROWS_TWICE, t[top : top + height][left : left + width].tolist())]


def _check_sub_matrix(kata, matrix: list, top: int, left: int, height: int, width: int) -> None:
    t = torch.tensor(matrix, dtype=torch.float32)
    expected = t[top : top + height, left : left + width].tolist()
    suspects = _sub_matrix_suspects(t, top, left, height, width)
    expect_floats(kata.call("sub_matrix", matrix, top, left, height, width), expected, suspects=_telling(suspects))


def _check_pick_rows(kata, matrix: list, rows: list) -> None:
    t = torch.tensor(matrix, dtype=torch.float32)
    suspects = [(own.ROWS_SORTED, t[sorted(rows)].tolist())]
    if len(set(rows)) < len(rows):  # without repeats, dropping them changes nothing
        suspects += [
            (own.REPEATS_DROPPED, t[sorted(set(rows))].tolist()),
            (own.REPEATS_DROPPED, t[list(dict.fromkeys(rows))].tolist()),
        ]
    if max(rows) < t.shape[1]:  # otherwise t[:, rows] raises, and the error names the mistake
        suspects += [(own.PICKED_COLUMNS, t[:, rows].tolist()), (own.PICKED_COLUMNS, t.T[rows].tolist())]
    expect_floats(kata.call("pick_rows", matrix, rows), t[rows].tolist(), suspects=_telling(suspects))


def _check_clip(kata, matrix: list) -> None:
    t = torch.tensor(matrix, dtype=torch.float32)
    answer = kata.call("clip_negatives", matrix)
    expect_true(
        not any(type(leaf) is bool for leaf in leaves(answer.value)),
        answer,
        "Your list holds True/False values, not the numbers of the matrix.",
        own.CLIP_RETURNED_MASK,
    )
    suspects = [
        (own.NOTHING_REPLACED, t.tolist()),
        (own.KEPT_SELECTED_ONLY, t[t >= 0].tolist()),
        (own.KEPT_SELECTED_ONLY, t[t > 0].tolist()),
        (own.ZEROED_THE_OTHER_SIDE, torch.where(t > 0, 0.0, t).tolist()),
        (own.CLIP_RETURNED_MASK, (t >= 0).float().tolist()),
        (own.CLIP_RETURNED_MASK, (t > 0).float().tolist()),
    ]
    if (t < 0).any():  # else this mask is all zeros, which zeroing the other side gives as well
        suspects.append((own.CLIP_RETURNED_MASK, (t < 0).float().tolist()))
    expect_floats(answer, torch.where(t < 0, 0.0, t).tolist(), suspects=_telling(suspects))


def _check_column(kata, values: list) -> None:
    t = torch.tensor(values, dtype=torch.float32)
    suspects = [(own.ROW_NOT_COLUMN, t.unsqueeze(0).tolist()), (own.NO_NEW_DIMENSION, t.tolist())]
    expect_floats(kata.call("as_column", values), t.unsqueeze(1).tolist(), suspects=_telling(suspects))


def _check_join(kata, a: list, b: list, how: str) -> None:
    ta, tb = torch.tensor(a, dtype=torch.float32), torch.tensor(b, dtype=torch.float32)
    same_shape = ta.shape == tb.shape
    suspects = []
    if how == "stack":
        expected = torch.stack([ta, tb])
        suspects += [(own.CAT_FOR_STACK, torch.cat([ta, tb], dim=dim).tolist()) for dim in (0, 1)]
        suspects += [(own.STACK_WRONG_DIM, torch.stack([ta, tb], dim=dim).tolist()) for dim in (1, 2)]
    else:
        dim, other = (0, 1) if how == "rows" else (1, 0)
        expected = torch.cat([ta, tb], dim=dim)
        if ta.shape[dim] == tb.shape[dim]:  # otherwise the other dimension raises, and the error names it
            suspects.append((own.CAT_WRONG_DIM, torch.cat([ta, tb], dim=other).tolist()))
        if same_shape:  # otherwise torch.stack raises, and the error names it
            suspects += [(own.STACK_FOR_CAT, torch.stack([ta, tb], dim=d).tolist()) for d in (0, 1, 2)]
    expect_floats(kata.call("join", a, b, how), expected.tolist(), suspects=_telling(suspects))


CHECKS = {
    "sub_matrix": _check_sub_matrix,
    "pick_rows": _check_pick_rows,
    "clip_negatives": _check_clip,
    "as_column": _check_column,
    "join": _check_join,
}


# -- hidden data: distinct values, so a wrong row, column or order always shows -------------


def _matrix(rng, rows: int, columns: int, whole: bool = False) -> list:
    values = rng.sample(range(-60, 60), rows * columns)
    numbers = values if whole else [v / 4 for v in values]
    return [numbers[r * columns : (r + 1) * columns] for r in range(rows)]


def _block(rng, rows: int, columns: int, corner: bool = False) -> tuple[int, int, int, int]:
    """A block on which every known mistake gives its own answer, none of them the right one:
    one that starts past row 0 and column 0 and leaves room for a row and a column more, or
    (corner) one that reaches the last row and the last column."""
    grid = torch.arange(rows * columns).reshape(rows, columns)  # distinct values, as in _matrix
    telling = []
    for top, left in itertools.product(range(rows - 1), range(columns - 1)):
        if corner:
            sizes = [(rows - top, columns - left)]
        elif top and left:
            sizes = itertools.product(range(2, rows - top), range(2, columns - left))
        else:
            continue
        for height, width in sizes:
            expected = str(grid[top : top + height, left : left + width].tolist())
            suspects = _sub_matrix_suspects(grid, top, left, height, width)
            if expected not in {str(answer) for _, answer in suspects} and _telling(suspects) == suspects:
                telling.append((top, left, height, width))
    return rng.choice(telling)  # 6 x 6 has 7 blocks of the first kind, 8 x 8 has 84


def _shuffled_rows(rng, count: int, length: int) -> list:
    """`length` row numbers below `count`, at least one repeated, not in sorted order."""
    while True:
        rows = [rng.randrange(count) for _ in range(length)]
        if len(set(rows)) < len(rows) and rows != sorted(rows) and len(set(rows)) > 1:
            return rows


@pytest.mark.parametrize("function, args", EXAMPLES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(EXAMPLES, 1)])
def test_readme_example(kata, function, args):
    CHECKS[function](kata, *args)


@pytest.mark.parametrize("case", range(2))
def test_sub_matrix_starts_at_top_and_left(kata, rng, case):
    rows, columns = rng.choice([(6, 7), (7, 6), (6, 8), (8, 7)])
    _check_sub_matrix(kata, _matrix(rng, rows, columns), *_block(rng, rows, columns))


def test_sub_matrix_of_whole_numbers(kata, rng):
    _check_sub_matrix(kata, _matrix(rng, 6, 7, whole=True), *_block(rng, 6, 7))


def test_sub_matrix_reaching_the_last_row_and_column(kata, rng):
    rows, columns = rng.choice([(4, 6), (5, 5), (5, 6), (6, 5), (6, 6)])  # 4 x 4 has no telling corner block
    _check_sub_matrix(kata, _matrix(rng, rows, columns), *_block(rng, rows, columns, corner=True))


def test_pick_rows_in_the_order_asked(kata, rng):
    count = rng.randint(4, 6)
    rows = rng.sample(range(count), 3)
    while rows == sorted(rows):
        rng.shuffle(rows)
    _check_pick_rows(kata, _matrix(rng, count, count + 1), rows)


@pytest.mark.parametrize("case", range(2))
def test_pick_rows_asked_for_twice(kata, rng, case):
    count = rng.randint(4, 6)
    _check_pick_rows(kata, _matrix(rng, count, rng.choice([count - 1, count + 2])), _shuffled_rows(rng, count, 5))


def test_pick_rows_of_a_tall_matrix(kata, rng):
    count = rng.randint(6, 8)
    rows = rng.sample(range(3, count), 2) + [rng.randrange(3)]  # past the last column, once at least
    _check_pick_rows(kata, _matrix(rng, count, 3, whole=True), rows)


@pytest.mark.parametrize("case", range(2))
def test_clip_negatives_replaces_every_negative(kata, rng, case):
    _check_clip(kata, _matrix(rng, rng.randint(2, 4), rng.randint(2, 5)))


def test_clip_negatives_of_whole_numbers_and_zeros(kata, rng):
    matrix = _matrix(rng, 3, 4, whole=True)
    matrix[rng.randint(1, 2)][rng.randrange(4)] = 0
    matrix[0][0] = -abs(matrix[0][0]) or -1  # at least one negative
    _check_clip(kata, matrix)


def test_clip_negatives_without_any(kata, rng):
    _check_clip(kata, [[abs(v) for v in row] for row in _matrix(rng, 2, 3)])


def test_clip_negatives_when_one_entry_is_positive(kata, rng):
    matrix = [[-abs(v) - 1 for v in row] for row in _matrix(rng, 3, 2)]
    matrix[rng.randrange(3)][rng.randrange(2)] = rng.randint(1, 9)
    _check_clip(kata, matrix)


@pytest.mark.parametrize("case", range(2))
def test_as_column_has_one_row_per_value(kata, rng, case):
    _check_column(kata, _matrix(rng, 1, rng.randint(2, 8), whole=bool(case))[0])


def test_join_rows_of_different_heights(kata, rng):
    columns = rng.randint(2, 4)
    _check_join(kata, _matrix(rng, rng.randint(1, 2), columns), _matrix(rng, 3, columns), "rows")


def test_join_columns_of_different_widths(kata, rng):
    rows = rng.randint(2, 4)
    _check_join(kata, _matrix(rng, rows, rng.randint(1, 2)), _matrix(rng, rows, 3), "columns")


@pytest.mark.parametrize("how", ["rows", "columns"])
def test_join_two_matrices_of_one_shape(kata, rng, how):
    rows, columns = rng.choice([(2, 3), (3, 2), (2, 4)])
    _check_join(kata, _matrix(rng, rows, columns), _matrix(rng, rows, columns, whole=True), how)


@pytest.mark.parametrize("case", range(2))
def test_join_stack_adds_a_first_dimension(kata, rng, case):
    rows, columns = rng.choice([(2, 3), (3, 2), (1, 4), (3, 3)])
    _check_join(kata, _matrix(rng, rows, columns), _matrix(rng, rows, columns), "stack")


@pytest.mark.parametrize("case", range(3))
def test_hidden_case(kata, rng, case):
    function = rng.choice(list(CHECKS))
    rows, columns = rng.randint(6, 8), rng.randint(6, 8)
    matrix = _matrix(rng, rows, columns, whole=rng.random() < 0.5)
    if function == "sub_matrix":
        _check_sub_matrix(kata, matrix, *_block(rng, rows, columns))
    elif function == "pick_rows":
        _check_pick_rows(kata, matrix, _shuffled_rows(rng, rows, rng.randint(3, 6)))
    elif function == "clip_negatives":
        _check_clip(kata, matrix)
    elif function == "as_column":
        _check_column(kata, matrix[0])
    else:
        how = rng.choice(["rows", "columns", "stack"])
        shape = {"rows": (rng.randint(1, 3), columns), "columns": (rows, rng.randint(1, 3))}.get(how, (rows, columns))
        _check_join(kata, matrix, _matrix(rng, *shape), how)
