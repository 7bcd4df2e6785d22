"""Kata 17 batched_matmul: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py).

Phrases were checked against torch 2.13's own messages; the spec's `known_errors` tries
them in the order it lists them, so the narrower ones come first there.
"""

from checker.core.mistakes import Mistake

# -- building the tensors ------------------------------------------------------------------

LISTS_INTO_TORCH = Mistake(
    "lists_into_torch",
    "The Python lists went straight into a torch function (or `@`): torch multiplies tensors, not lists.",
    "Make tensors first, `a = torch.tensor(A, dtype=torch.float32)` (and the same for B), then multiply those.",
    (
        "must be Tensor, not list",  # torch.bmm, torch.matmul, torch.mm
        "in argument 1, but got list",  # torch.einsum
        "unsupported operand type(s) for @",  # list @ list, tensor @ list
    ),
)

INT_TIMES_FLOAT = Mistake(
    "int_times_float",
    "Whole numbers became an int64 tensor, and torch will not multiply an integer tensor with a float32 one.",
    "Build both tensors as floats: `torch.tensor(A, dtype=torch.float32)`; then whole numbers are fine too.",
    (
        "expected scalar type Long but found Float",  # bmm, 3-D @, einsum
        "expected scalar type Float but found Long",
        "expected m1 and m2 to have the same dtype",  # a 2-D product, or a batch times one matrix
    ),
)

# -- products of stacks -------------------------------------------------------------------

MM_FOR_BATCH = Mistake(
    "mm_for_batch",
    "`torch.mm` (or `.mm`) multiplies two 2-D matrices only; it refuses a 3-D stack of them.",
    "For a stack use `torch.bmm(a, b)` or `a @ b`: both take the first dimension as the batch.",
    ("self must be a matrix", "mat2 must be a matrix"),
)

BMM_WITHOUT_BROADCAST = Mistake(
    "bmm_without_broadcast",
    "`torch.bmm` never broadcasts: it wants two 3-D stacks of the same batch size, not a batch and one matrix.",
    "Let `@` broadcast for you: `x @ w` multiplies each matrix of the batch x by the one matrix w "
    "(`w.unsqueeze(0)` is a stack of one, still not the batch's size).",
    (
        "batch2 must be a 3D tensor",
        "batch1 must be a 3D tensor",
        "but got: [1, ",  # bmm(x, w.unsqueeze(0)): a stack of one where the batch has more (hidden cases do)
    ),
)

OPERANDS_SWAPPED = Mistake(
    "operands_swapped",
    "The product was taken the other way round (B @ A), or with an operand transposed.",
    "Keep the order and the shapes as given: (n, k) @ (k, m) gives (n, m), the inner sizes k meeting, for every "
    "pair of the batch. A matrix product is not commutative: on square matrices B @ A runs, with wrong numbers.",
    ("Expected size for first two dimensions of batch2 tensor", "shapes cannot be multiplied"),
)

ONE_PRODUCT_ONLY = Mistake(
    "one_product_only",
    "Only one product of the batch came back (the first or the last pair's), not one per pair.",
    "A `return` inside the loop stops after the first pair, and a variable overwritten on each pass keeps the "
    "last: let `torch.bmm(a, b)` or `a @ b` do the loop, or collect the products and `torch.stack` them.",
)

# -- einsum equations ---------------------------------------------------------------------

EINSUM_LETTER_COUNT = Mistake(
    "einsum_letter_count",
    "Your einsum equation gave an input fewer or more letters than it has dimensions.",
    "One letter per dimension: a matrix (n, k) takes two, 'ij,jk->ik', and a stack (b, n, k) three, 'bij,bjk->bik'.",
    ("does not match the number of dimensions",),
)

EINSUM_LETTERS_MISMATCH = Mistake(
    "einsum_letters_mismatch",
    "Your einsum letters paired the wrong dimensions, as if A or B were transposed (an error where the sizes "
    "differ, wrong numbers where they agree).",
    "The summed letter is A's last and B's first matrix dimension: 'ij,jk->ik', or 'bij,bjk->bik' for stacks.",
    ("which does not broadcast with previously seen size",),
)

EINSUM_OUTPUT_TRANSPOSED = Mistake(
    "einsum_output_transposed",
    "The letters after '->' are in the wrong order ('ki' instead of 'ik'): you got the product transposed.",
    "The output letters say the order of the result's dimensions: rows of A first, then columns of B, '->ik' "
    "(and '->bik' with the batch first).",
)

EINSUM_NOT_SUMMED = Mistake(
    "einsum_not_summed",
    "The summed letter j also stands after '->', so einsum kept every product A[i][j] * B[j][k] "
    "instead of adding them up.",
    "Leave the summed letter out of the output: 'ij,jk->ik'. A letter missing after '->' is summed over.",
)

EINSUM_SUMMED_BATCH = Mistake(
    "einsum_summed_batch",
    "The batch letter is missing after '->', so einsum added the batch's products up into one matrix.",
    "Keep the batch letter in the output: 'bij,bjk->bik' gives one product per pair (without '->', einsum "
    "keeps only the letters seen once, so b is summed there too).",
)

EINSUM_BATCH_NOT_SHARED = Mistake(
    "einsum_batch_not_shared",
    "A and B had different batch letters, so einsum combined every matrix of A with every matrix of B, "
    "not pair by pair.",
    "Use the same batch letter on both inputs and in the output: 'bij,bjk->bik'.",
)

EINSUM_NOT_USED = Mistake(
    "einsum_not_used",
    "The numbers are right, but this function is the einsum exercise and it does not call `torch.einsum`.",
    "Write the product as an equation: `torch.einsum('ij,jk->ik', a, b)` (with a batch letter for the stacks).",
)
