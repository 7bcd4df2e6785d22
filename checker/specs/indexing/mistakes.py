"""Kata 16 indexing: the mistakes only this kata's spec names (the shared ones are `known` in the spec API)."""

from checker.specs.api import Mistake

# -- every entry point ----------------------------------------------------------------------

LIST_NOT_TENSOR = Mistake(
    "list_not_tensor",
    "You worked on the Python list itself, not on a tensor: a list takes only one whole number or one "
    "slice as an index, cannot be compared with a number, and has no tensor methods.",
    "Make a tensor first, `t = torch.tensor(matrix, dtype=torch.float32)`, then index, compare and join `t`.",
    (
        "list indices must be integers or slices",
        "not supported between instances of 'list'",
        "'list' object has no attribute",
        "expected Tensor as element",
    ),
)

# -- sub_matrix -----------------------------------------------------------------------------

STOP_COUNTED_IN = Mistake(
    "stop_counted_in",
    "Your block has a row or a column too many: a slice start:stop stops *before* stop.",
    "The block's rows are `top : top + height` and its columns `left : left + width`, with no `+ 1`.",
)

STOP_AS_LENGTH = Mistake(
    "stop_as_length",
    "You used the height or the width as the slice's stop: `t[top:height]` ends at row height - 1, "
    "wherever the block starts.",
    "The stop is where the block starts plus its length: `t[top : top + height, left : left + width]`.",
)

ROWS_COLUMNS_SWAPPED = Mistake(
    "rows_columns_swapped",
    "Rows and columns are the other way round (swapped in the slice, or read from the transpose `t.T`): "
    "the first index of `t[..., ...]` picks rows, the second columns.",
    "Put the rows first: `t[top : top + height, left : left + width]` (top and height count rows, "
    "left and width columns).",
)

SLICED_ROWS_TWICE = Mistake(
    "sliced_rows_twice",
    "`t[a:b][c:d]` slices the rows twice: the second slice picks rows of the first result, not columns.",
    "Give both slices in one index, separated by a comma: `t[top : top + height, left : left + width]`.",
)

# -- pick_rows ------------------------------------------------------------------------------

PICKED_COLUMNS = Mistake(
    "picked_columns",
    "You picked columns, not rows: `t[:, rows]` (or indexing `t.T`) chooses along the second dimension.",
    "Index the first dimension with the list: `t[rows]` gives row rows[0], then row rows[1], and so on.",
    ("is out of bounds for dimension",),
)

ROWS_SORTED = Mistake(
    "rows_sorted",
    "Your rows came back in increasing order, not in the order they were asked for.",
    "Index with the list as it is, `t[rows]`: the result follows the list, so never sort it first "
    "(`sorted(rows)` and `unique()` both do).",
)

REPEATS_DROPPED = Mistake(
    "repeats_dropped",
    "A row asked for twice came back once: the repeated row numbers were dropped (a `set` or `unique()`?).",
    "Index with the list as it is, `t[rows]`: a row listed twice appears twice in the result.",
)

# -- clip_negatives -------------------------------------------------------------------------

KEPT_SELECTED_ONLY = Mistake(
    "kept_selected_only",
    "Reading through the mask, `t[t >= 0]`, kept only the chosen values, as one flat list: the "
    "negatives were dropped, not replaced, and the rows are gone.",
    "Assign through the mask instead: `t[t < 0] = 0` writes 0 in the negative places and keeps the shape.",
)

ZEROED_THE_OTHER_SIDE = Mistake(
    "zeroed_the_other_side",
    "You replaced the positive entries by 0 and kept the negative ones: the comparison points the wrong way.",
    "The mask must be True where the entry is negative: `t[t < 0] = 0`.",
)

NOTHING_REPLACED = Mistake(
    "nothing_replaced",
    "Your answer is the matrix unchanged: no negative entry became 0.",
    "Assign with a single `=`: `t[t < 0] = 0` (`==` only compares); and keep what `clamp` or "
    "`where` return: they make a new tensor and leave `t` as it was.",
)

CLIP_RETURNED_MASK = Mistake(
    "clip_returned_mask",
    "You returned the mask (True/False, or 1/0) instead of the matrix with the negatives replaced.",
    "Use the mask as an index to assign into the matrix, `t[t < 0] = 0`, then return `t.tolist()`.",
)

# -- as_column ------------------------------------------------------------------------------

ROW_NOT_COLUMN = Mistake(
    "row_not_column",
    "You made a row, shape (1, n), not a column, shape (n, 1): `unsqueeze(0)` adds the new dimension in front.",
    "Add the new dimension after the values: `t.unsqueeze(1)` (or `t.unsqueeze(-1)`).",
)

NO_NEW_DIMENSION = Mistake(
    "no_new_dimension",
    "Your list is still flat, shape (n,): no dimension of size 1 was added.",
    "Keep what `unsqueeze` returns (it makes a new tensor): `column = t.unsqueeze(1)`.",
)

# -- join -----------------------------------------------------------------------------------

CAT_FOR_STACK = Mistake(
    "cat_for_stack",
    "`torch.cat` joined the matrices along a dimension they already have, so the two layers "
    "merged into one matrix: stacking adds a new dimension.",
    "Use `torch.stack([a, b], dim=0)`: two (N, M) matrices become one (2, N, M) tensor.",
)

STACK_WRONG_DIM = Mistake(
    "stack_wrong_dim",
    "Your stack put the new dimension somewhere other than first, so result[0] is not a.",
    "Stack along a new first dimension: `torch.stack([a, b], dim=0)` (dim=0 is the default).",
)

CAT_WRONG_DIM = Mistake(
    "cat_wrong_dim",
    "`torch.cat` joined along the other dimension: dim=0 puts rows below rows, dim=1 puts columns beside columns.",
    'For "rows" use `torch.cat([a, b], dim=0)`; for "columns" use `torch.cat([a, b], dim=1)`.',
    ("Sizes of tensors must match except in dimension",),
)

STACK_FOR_CAT = Mistake(
    "stack_for_cat",
    "`torch.stack` added a new dimension where the matrices were to be joined along one they already have.",
    'Use `torch.cat([a, b], dim=0)` for "rows" and `torch.cat([a, b], dim=1)` for "columns".',
    ("stack expects each tensor to be equal size",),
)

TENSORS_NOT_IN_A_LIST = Mistake(
    "tensors_not_in_a_list",
    "`torch.cat` and `torch.stack` take the tensors together, in one list (or tuple), not one by one.",
    "Put the brackets in: `torch.cat([a, b], dim=0)`, `torch.stack([a, b])`.",
    ("must be tuple of Tensors, not Tensor",),
)
