"""A kata file's fingerprints: its syntax tree with the learner's names, comments and layout gone, cut into k-grams.

What two independent learners cannot share by chance is the shape of their code, not its
spelling. So a file is read with `ast` (it is never run) and walked into a sequence of
tokens: the node types in order, the constants as written, and every name the learner chose
replaced by one placeholder `_`. One placeholder for all of them, rather than `v1`, `v2` by
order of appearance, so that reordering two independent statements changes only the
k-grams around the move, not the numbering of everything after it.

Which names are the learner's: any name the file binds (assigned, a loop or `with` target,
a parameter, a function or class it defines), the attributes a method stores on its first
parameter (`self.fc1 = ...`) and the methods a class defines. Which names are kept: the
names of what the file imports, written as the imported path (`F` and `func` after
`import torch.nn.functional as ...` both read `torch.nn.functional`), builtins, every other
attribute (`.sum`, `.backward`, `.grad`, `nn.Linear`: the torch API is the same for everyone
and says what the code does) and keyword names (`dim=`, `lr=`). Docstrings and any other
bare string statement go with the comments: they are prose, not code.

The token sequence is hashed in k-grams of `KGRAM` tokens and thinned by winnowing
(Schleimer, Wilkerson and Aiken, 2003): of every `WINDOW` consecutive k-gram hashes the
smallest is kept, so that any run of `KGRAM + WINDOW - 1` tokens two files share leaves at
least one fingerprint in both, at about two fifths of the k-grams' count.
"""

from __future__ import annotations

import ast
import hashlib
import re
import textwrap
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

__all__ = [
    "KGRAM",
    "PLACEHOLDER",
    "TUTORIAL_PRINTS",
    "WINDOW",
    "all_kgram_hashes",
    "common_hashes",
    "fingerprints",
    "normalised_tokens",
    "python_blocks",
    "REFERENCE_PRINTS_NAME",
    "prints_text",
    "read_prints",
    "tutorial_prints_text",
]

KGRAM = 10  # tokens per k-gram: about one line of code (a line is some 8-12 tokens)
WINDOW = 4  # k-grams per winnowing window: a shared run of 13 tokens always leaves a fingerprint
PLACEHOLDER = "_"
# Lines that are not code in the tutorials' pages: Markdown fences, and the button text
# DEV Community pages leave after each code block.
_NOT_CODE = re.compile(r"^\s*(```.*|~~~.*|Enter fullscreen mode\s*Exit fullscreen mode\s*)$")
_BLANK_LINES = re.compile(r"\n\s*\n")
# The tutorials' code, as its k-gram hashes only: the tutorials' text stays outside the project,
# and a class run discounts what they show. A maintainer writes it from the tutorial pages:
#   python bench/similarity.py --tutorial-prints ../shared/seeds
TUTORIAL_PRINTS = Path(__file__).resolve().parent / "tutorial_fingerprints.txt"
TUTORIAL_PRINTS_HEADER = (
    "# The k-gram hashes of the tutorials' code (checker/grading/fingerprints.py), one a line.\n"
    "# Generated: python bench/similarity.py --tutorial-prints SEEDS_FOLDER. Do not edit.\n"
)
# A wheel carries no references (students install it), so its build (setup.py) writes their
# k-gram hashes into the packaged course under this name: a class graded from a wheel
# discounts the references' code as a checkout's does, and the wheel still holds no answer.
REFERENCE_PRINTS_NAME = "reference_fingerprints.txt"
REFERENCE_PRINTS_HEADER = "# The k-gram hashes of the references' code, written by setup.py when a wheel is built.\n"


def normalised_tokens(source: str) -> list[str]:
    """The file's code as tokens, names the learner chose as `_`; raises SyntaxError if it does not parse."""
    try:
        tree = ast.parse(source)
    except (ValueError, RecursionError, MemoryError) as error:  # null bytes, absurd nesting
        raise SyntaxError(str(error)) from error
    tokens: list[str] = []
    try:
        _Walker(tree, tokens).visit(tree)
    except RecursionError as error:
        raise SyntaxError("nested too deeply to read") from error
    return tokens


def fingerprints(source: str) -> frozenset[int]:
    """The winnowed k-gram hashes of a file; raises SyntaxError if it does not parse."""
    hashes = _kgram_hashes(normalised_tokens(source))
    if len(hashes) <= WINDOW:
        return frozenset(hashes)
    kept = set()
    for start in range(len(hashes) - WINDOW + 1):
        window = hashes[start : start + WINDOW]
        kept.add(min(window))  # the value, not the position: a hash kept twice is one fingerprint
    return frozenset(kept)


def all_kgram_hashes(source: str) -> frozenset[int]:
    """Every k-gram hash of a file, not only the winnowed ones; raises SyntaxError if it does not parse."""
    return frozenset(_kgram_hashes(normalised_tokens(source)))


def common_hashes(sources: Iterable[str]) -> frozenset[int]:
    """Every k-gram of the code everybody saw (references, stubs, tutorials); what does not parse is left out."""
    found: set[int] = set()
    for source in sources:
        try:
            found |= all_kgram_hashes(source)
        except SyntaxError:
            continue
    return frozenset(found)


def tutorial_prints_text(pages: Path) -> str:
    """TUTORIAL_PRINTS's text made from the tutorial pages (`*.txt`) in `pages`: every k-gram of their code, sorted.

    The hashes are Python's own of a tuple of ints, the same on every run and every 64-bit
    CPython from 3.8 on, so a file written on one machine serves every class run.
    """
    sources = [block for page in sorted(pages.glob("*.txt")) for block in python_blocks(page.read_text("utf-8"))]
    return prints_text(sources, TUTORIAL_PRINTS_HEADER)


def prints_text(sources: Iterable[str], header: str) -> str:
    """A prints file: `header` (comment lines), then every k-gram hash of `sources`, sorted, one a line."""
    return header + "".join(f"{value}\n" for value in sorted(common_hashes(sources)))


def read_prints(path: Path = TUTORIAL_PRINTS) -> frozenset[int]:
    """The hashes a prints file holds; none when the file is absent (comments and blank lines are skipped)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(int(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def python_blocks(text: str) -> list[str]:
    """The pieces of a tutorial page (Markdown, or text copied from a web page) that parse as Python.

    Pages mark their code in different ways or not at all, so a block is found by what it
    is, twice over. First by paragraphs: the text is cut at blank lines and fences, each
    paragraph that parses is code, and neighbouring code paragraphs are joined when they
    parse together (a function whose body has a blank line). Then by lines, for pages whose
    copy lost the blank lines and the indentation: a run of lines that each parse alone (or,
    ending in a colon, as the head of a block) is put back together with each head's next
    line indented under it. A prose line that happens to parse (a single word) adds a block
    too short to match anything.
    """
    lines = ["" if _NOT_CODE.match(line) else line for line in text.splitlines()]
    paragraphs = [part for part in _BLANK_LINES.split("\n".join(lines)) if part.strip()]
    blocks: list[str] = []
    joined = False  # whether the last paragraph was code and may continue the last block
    for paragraph in paragraphs:
        code = _parsed(paragraph)
        if code is None:
            joined = False
            continue
        if joined and _parsed(blocks[-1] + "\n\n" + paragraph) is not None:
            blocks[-1] = blocks[-1] + "\n\n" + paragraph
        else:
            blocks.append(code)
        joined = True
    return blocks + _line_blocks(lines)


def _line_blocks(lines: list[str]) -> list[str]:
    blocks = []
    run: list[str] = []
    for line in [*lines, ""]:
        stripped = line.strip()
        if stripped and (_parsed(stripped) is not None or _parsed(stripped + "\n    pass") is not None):
            run.append(stripped)
            continue
        if len(run) > 1:
            blocks.append(_reindented(run))
        run = []
    return blocks


def _reindented(run: list[str]) -> str:
    """Lines whose indentation was lost, each head's next line put one level under it (a guess, but a parse)."""
    out: list[str] = []
    depth = 0
    for line in run:
        out.append("    " * depth + line)
        if line.endswith(":") and _parsed(line) is None:
            depth += 1
    if depth and out[-1].strip().endswith(":"):
        out.append("    " * depth + "pass")
    text = "\n".join(out)
    return text if _parsed(text) is not None else "\n".join(line for line in run if _parsed(line) is not None)


def _parsed(text: str) -> str | None:
    code = textwrap.dedent(text)
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return code


@lru_cache(maxsize=65536)
def _token_id(token: str) -> int:
    # A stable number per token (Python's own str hash changes from run to run), so that
    # which k-grams winnowing keeps, and so every result, is the same on every run.
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8", "replace"), digest_size=8).digest(), "big")


def _kgram_hashes(tokens: list[str]) -> list[int]:
    ids = [_token_id(token) for token in tokens]
    if not ids:
        return []
    if len(ids) < KGRAM:
        return [hash(tuple(ids))]  # a tuple of ints hashes the same in every run
    return [hash(tuple(ids[start : start + KGRAM])) for start in range(len(ids) - KGRAM + 1)]


class _Names:
    """What each name in one file reads as: `_` for the learner's, the imported path, or itself."""

    def __init__(self, tree: ast.AST) -> None:
        self.imported: dict[str, str] = {}
        self.chosen: set[str] = set()
        self.attributes: set[str] = set()
        classes = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imported[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.imported[top] = top
            elif isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                for alias in node.names:
                    self.imported[alias.asname or alias.name] = f"{module}.{alias.name}"
            elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                self.chosen.add(node.id)
            elif isinstance(node, ast.arg):
                self.chosen.add(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.chosen.add(node.name)
                if isinstance(node, ast.ClassDef):
                    classes.append(node)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self.chosen.add(node.name)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                self.chosen.update(node.names)
        for node in classes:
            self._read_class(node)
        # A name both imported and assigned is the learner's (they shadowed the import).
        for name in self.chosen:
            self.imported.pop(name, None)

    def _read_class(self, node: ast.ClassDef) -> None:
        for item in node.body:
            if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if not _is_dunder(item.name):
                self.attributes.add(item.name)
            if not item.args.args:
                continue
            owner = item.args.args[0].arg  # `self`, whatever it is called
            for inner in ast.walk(item):
                if (
                    isinstance(inner, ast.Attribute)
                    and isinstance(inner.ctx, ast.Store)
                    and isinstance(inner.value, ast.Name)
                    and inner.value.id == owner
                ):
                    self.attributes.add(inner.attr)

    def name(self, name: str) -> str:
        if name in self.chosen:
            return PLACEHOLDER
        return self.imported.get(name, name)

    def attribute(self, attr: str) -> str:
        return "." + (PLACEHOLDER if attr in self.attributes else attr)

    def keyword(self, arg: str | None) -> str:
        if arg is None:
            return "**"
        return (PLACEHOLDER if arg in self.chosen else arg) + "="


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


class _Walker:
    """Writes a tree's tokens in source order: node types, kept names and constants."""

    def __init__(self, tree: ast.AST, tokens: list[str]) -> None:
        self.names = _Names(tree)
        self.tokens = tokens

    def visit(self, node: ast.AST) -> None:
        out = self.tokens
        if isinstance(node, ast.expr_context):
            return
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or a string used as a comment
        if isinstance(node, ast.Name):
            out.append(self.names.name(node.id))
        elif isinstance(node, ast.Attribute):
            self.visit(node.value)
            out.append(self.names.attribute(node.attr))
        elif isinstance(node, ast.Constant):
            out.append(repr(node.value))
        elif isinstance(node, ast.arg):
            out.append(PLACEHOLDER)
            if node.annotation is not None:
                self.visit(node.annotation)
        elif isinstance(node, ast.keyword):
            out.append(self.names.keyword(node.arg))
            self.visit(node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.append(type(node).__name__)
            out.append(node.name if _is_dunder(node.name) else PLACEHOLDER)
            self._children(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(type(node).__name__)
            if isinstance(node, ast.ImportFrom):
                out.append("." * node.level + (node.module or ""))
            out.extend(alias.name for alias in node.names)  # the alias is a name the learner chose
        else:
            out.append(type(node).__name__)
            self._children(node)

    def _children(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self.visit(child)
