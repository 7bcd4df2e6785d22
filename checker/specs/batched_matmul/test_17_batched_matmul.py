"""Kata 17 batched_matmul: stacks of matrix products with bmm, @ over a batch, and einsum."""

import ast
import textwrap

import pytest
import torch

from checker.specs.api import expect_floats, expect_true, known, known_errors, random_floats, with_value
from checker.specs.batched_matmul import mistakes as own

# Narrow phrases first: "but got: [1, " (bmm of a stack of one) is also an inner-size message.
pytestmark = known_errors(
    own.LISTS_INTO_TORCH,
    own.INT_TIMES_FLOAT,
    own.MM_FOR_BATCH,
    own.BMM_WITHOUT_BROADCAST,
    own.OPERANDS_SWAPPED,
    known.ELEMENTWISE_FOR_MATMUL,
    own.EINSUM_LETTER_COUNT,
    own.EINSUM_LETTERS_MISMATCH,
)

TOLERANCE = 1e-4  # float32 sums of a few products; a float64 solution lands well inside this

EXAMPLES = [
    ("batch_products", [[[1, 2, 3]], [[1, 0, -1]]], [[[1, 0], [0, 1], [1, 1]], [[2, 3], [4, 5], [6, 7]]]),
    ("batch_products", [[[1, 2], [3, 4]], [[1, 0], [0, 1]]], [[[1, 0], [0, 1]], [[5, 6], [7, 8]]]),
    ("shared_weights", [[[1, 2]], [[3, 4]], [[5, 6]]], [[1, 0, 1], [0, 1, 1]]),
    ("shared_weights", [[[1, 0], [0, 1]], [[2, 0], [0, 2]]], [[1, 2], [3, 4]]),
    ("einsum_matmul", [[1, 2, 3], [4, 5, 6]], [[1, 0], [0, 1], [1, 1]]),
    ("einsum_matmul", [[1.5, -2.0]], [[2.0], [0.5]]),
    ("einsum_batched", [[[1, 2]], [[0, 1]]], [[[3], [4]], [[5], [6]]]),
    ("einsum_batched", [[[1, 0], [0, 1]], [[1, 1], [0, 1]]], [[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]]),
]
FUNCTIONS = ("batch_products", "shared_weights", "einsum_matmul", "einsum_batched")
EINSUM_FUNCTIONS = ("einsum_matmul", "einsum_batched")


def _tensor(values: list) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32)


def _fits(a: torch.Tensor, b: torch.Tensor, equation: str) -> bool:
    """Whether einsum takes these operands with this equation (a suspect is only what can be computed)."""
    try:
        torch.einsum(equation, a, b)
    except RuntimeError:
        return False
    return True


def _einsum_suspects(a: torch.Tensor, b: torch.Tensor, batch: str) -> list:
    """What the einsum mistakes compute for these operands; `batch` is "" for two matrices, "b" for stacks."""
    wrong = [
        (own.EINSUM_OUTPUT_TRANSPOSED, f"{batch}ij,{batch}jk->{batch}ki"),
        (own.EINSUM_NOT_SUMMED, f"{batch}ij,{batch}jk->{batch}ijk"),
        # The letters of B (or of A) read the other way round: a transposed matrix inside the product.
        (own.EINSUM_LETTERS_MISMATCH, f"{batch}ij,{batch}kj->{batch}ik"),
        (own.EINSUM_LETTERS_MISMATCH, f"{batch}ji,{batch}jk->{batch}ik"),
    ]
    if batch:
        wrong += [
            (own.EINSUM_SUMMED_BATCH, "bij,bjk->ik"),
            (own.EINSUM_BATCH_NOT_SHARED, "bij,cjk->bik"),
            (own.EINSUM_BATCH_NOT_SHARED, "bij,cjk->bcik"),
        ]
    return [(mistake, torch.einsum(equation, a, b).tolist()) for mistake, equation in wrong if _fits(a, b, equation)]


def _product_suspects(a: torch.Tensor, b: torch.Tensor) -> list:
    """What the mistakes of a batched product (bmm or @) compute, where they compute anything at all."""
    suspects = []
    try:  # square matrices: `*` runs without an error, and so does the swapped product
        suspects.append((known.ELEMENTWISE_FOR_MATMUL, (a * b).tolist()))
    except RuntimeError:
        pass  # the shapes do not broadcast: `*` raises, and its message names the mistake
    for left, right in ((b, a), (a, b.mT), (a.mT, b)):  # B @ A, B transposed, A transposed
        try:
            suspects.append((own.OPERANDS_SWAPPED, (left @ right).tolist()))
        except RuntimeError:
            pass  # the inner sizes do not meet: torch's message names the mistake
    return suspects


def _one_product(a: torch.Tensor, b: torch.Tensor) -> list:
    """A loop that kept the first product only, or the last."""
    first = a[0] @ (b[0] if b.dim() == 3 else b)
    last = a[-1] @ (b[-1] if b.dim() == 3 else b)
    return [(own.ONE_PRODUCT_ONLY, first.tolist()), (own.ONE_PRODUCT_ONLY, last.tolist())]


def _check(kata, function: str, A: list, B: list) -> None:
    a, b = _tensor(A), _tensor(B)
    if function == "einsum_matmul":
        suspects = _einsum_suspects(a, b, "")
    elif function == "einsum_batched":
        suspects = _einsum_suspects(a, b, "b") + _one_product(a, b)
    else:
        suspects = _product_suspects(a, b) + _one_product(a, b)
    expected = (a @ b).tolist()  # torch.matmul: one product, or one per pair, or a batch times one matrix
    expect_floats(kata.call(function, A, B), expected, tolerance=TOLERANCE, suspects=suspects)


def _matrix(rng, rows: int, columns: int) -> list[list[float]]:
    return [random_floats(rng, columns, -3, 3, digits=1) for _ in range(rows)]


def _stack(rng, batch: int, rows: int, columns: int) -> list[list[list[float]]]:
    return [_matrix(rng, rows, columns) for _ in range(batch)]


def _whole(rng, shape: tuple[int, ...]) -> list:
    """Whole numbers (Python ints) from -4 to 4, nested to `shape`."""
    if len(shape) == 1:
        return [rng.randint(-4, 4) for _ in range(shape[0])]
    return [_whole(rng, shape[1:]) for _ in range(shape[0])]


def _sizes(rng, smallest: int = 1) -> tuple[int, int, int, int]:
    """b, n, k, m: n, k and m all different, so a swapped or transposed operand cannot pass; b > 1."""
    n, k, m = rng.sample(range(smallest, 6), 3)
    return rng.randint(2, 4), n, k, m


def _operands(rng, function: str, batch: int, n: int, k: int, m: int) -> tuple[list, list]:
    if function == "einsum_matmul":
        return _matrix(rng, n, k), _matrix(rng, k, m)
    if function == "shared_weights":
        return _stack(rng, batch, n, k), _matrix(rng, k, m)
    return _stack(rng, batch, n, k), _stack(rng, batch, k, m)


def _calls(source: str) -> list[str] | None:
    """The functions the code calls, in order ("torch.bmm", ".tolist"), or None when it cannot be parsed."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return None
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = f"{owner.id if isinstance(owner, ast.Name) and owner.id == 'torch' else ''}.{node.func.attr}"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
        else:
            continue
        calls.append(((node.end_lineno, node.end_col_offset), name))  # where a call ends: inner ones first
    return [name for _, name in sorted(calls)]


def _uses_einsum(source: str, calls: list[str] | None) -> bool:
    """Whether the code calls einsum (a comment, string or docstring that says "einsum" does not count)."""
    if not source:
        return True  # the text could not be read (a function made at run time): nothing to judge
    if calls is None:
        return "einsum" in source
    return any(call.rsplit(".", 1)[-1] == "einsum" for call in calls)


@pytest.mark.parametrize(
    "function, A, B", EXAMPLES, ids=[f"{function}-{i}" for i, (function, _, _) in enumerate(EXAMPLES, 1)]
)
def test_readme_example(kata, function, A, B):
    _check(kata, function, A, B)


@pytest.mark.parametrize("case", range(2))
def test_batch_products_pairs_each_a_with_its_own_b(kata, rng, case):
    _check(kata, "batch_products", *_operands(rng, "batch_products", *_sizes(rng)))


def test_batch_products_of_square_matrices_are_not_element_wise(kata, rng):
    size = rng.randint(2, 3)  # `*` and B @ A run here without an error: the values must show them
    _check(kata, "batch_products", *_operands(rng, "batch_products", rng.randint(2, 4), size, size, size))


@pytest.mark.parametrize("case", range(2))
def test_shared_weights_multiplies_every_matrix_by_w(kata, rng, case):
    _check(kata, "shared_weights", *_operands(rng, "shared_weights", *_sizes(rng)))


def test_shared_weights_of_square_matrices(kata, rng):
    size = rng.randint(2, 3)
    _check(kata, "shared_weights", *_operands(rng, "shared_weights", rng.randint(2, 4), size, size, size))


@pytest.mark.parametrize("case", range(2))
def test_einsum_matmul_sums_over_the_shared_letter(kata, rng, case):
    _check(kata, "einsum_matmul", *_operands(rng, "einsum_matmul", *_sizes(rng)))


def test_einsum_matmul_of_square_matrices(kata, rng):
    size = rng.randint(2, 4)  # transposed letters run here without an error: the values must show them
    _check(kata, "einsum_matmul", *_operands(rng, "einsum_matmul", 1, size, size, size))


@pytest.mark.parametrize("case", range(2))
def test_einsum_batched_keeps_the_batch_letter(kata, rng, case):
    _check(kata, "einsum_batched", *_operands(rng, "einsum_batched", *_sizes(rng)))


def test_einsum_batched_of_square_matrices(kata, rng):
    size = rng.randint(2, 3)
    _check(kata, "einsum_batched", *_operands(rng, "einsum_batched", rng.randint(2, 4), size, size, size))


@pytest.mark.parametrize("function", FUNCTIONS)
def test_whole_numbers_meet_decimals(kata, rng, function):
    # Sizes from 2: with a size of 1, einsum may multiply by broadcasting, which lets int64 meet float32.
    batch, n, k, m = _sizes(rng, smallest=2)
    A, B = _operands(rng, function, batch, n, k, m)
    # The first input in whole numbers only: torch.tensor(A) alone would make it int64.
    A = _whole(rng, (n, k) if function == "einsum_matmul" else (batch, n, k))
    _check(kata, function, A, B)


@pytest.mark.parametrize("function", EINSUM_FUNCTIONS)
def test_einsum_exercise_calls_einsum(kata, rng, function):
    _check(kata, function, *_operands(rng, function, *_sizes(rng)))  # the rule is about a working function
    answer = kata.source(function, call=f"the source of {function}")
    source = answer.value["value"]
    calls = _calls(source)
    expect_true(
        _uses_einsum(source, calls),
        with_value(answer, calls),
        f"{function} must compute its product with torch.einsum, since that equation is what this exercise "
        "teaches; the calls it makes are listed under got.",
        own.EINSUM_NOT_USED,
    )


@pytest.mark.parametrize("case", range(4))
def test_hidden_case(kata, rng, case):
    function = rng.choice(FUNCTIONS)
    batch, n, k, m = rng.randint(2, 5), rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4)
    _check(kata, function, *_operands(rng, function, batch, n, k, m))
