"""The catalogue loader: the real catalogue loads, bad ones say what is wrong, ids resolve."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
import yaml

from checker.core.catalogue import FORMAT_VERSION, Catalogue, load_catalogue
from checker.core.errors import KataUsageError

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load((ROOT / "katas" / "catalogue.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


def _load_text(tmp_path: Path, text: str) -> Catalogue:
    (tmp_path / "katas").mkdir(exist_ok=True)
    (tmp_path / "katas" / "catalogue.yaml").write_text(text, encoding="utf-8")
    return load_catalogue(tmp_path)


def _load_changed(tmp_path: Path, change) -> Catalogue:
    """Load a copy of the real catalogue after `change` edits its parsed YAML."""
    raw = copy.deepcopy(RAW)
    change(raw)
    return _load_text(tmp_path, yaml.safe_dump(raw))


# The real catalogue


def test_real_catalogue_lists_the_katas_in_order(catalogue):
    assert [kata.number for kata in catalogue] == list(range(1, len(catalogue) + 1))
    assert [kata.name for kata in catalogue][:5] == [
        "create_tensor", "tensor_op", "reshape_tensor", "compute_gradient", "activation",
    ]  # fmt: skip
    assert len(catalogue) == len(RAW["katas"])
    assert RAW["format_version"] == FORMAT_VERSION


def test_every_kata_has_hints_entry_points_and_positive_limits(catalogue):
    for kata in catalogue:
        assert len(kata.hints) >= 2, kata.name
        assert kata.entry_points, kata.name
        assert kata.points > 0 and kata.time_limit > 0, kata.name


def test_katas_are_frozen(catalogue):
    kata = next(iter(catalogue))
    with pytest.raises(dataclasses.FrozenInstanceError):
        kata.name = "renamed"  # type: ignore[misc]


def test_paths_derive_from_number_and_name(catalogue, tmp_path):
    kata = catalogue.resolve("04")

    assert kata.folder == "04_compute_gradient"
    assert kata.spec_file == "compute_gradient/test_04_compute_gradient.py"
    assert kata.stub_path(tmp_path) == tmp_path / "katas" / "04_compute_gradient" / "compute_gradient.py"
    assert kata.readme_path(tmp_path) == tmp_path / "katas" / "04_compute_gradient" / "README.md"
    assert kata.reference_path(tmp_path) == tmp_path / "reference" / "compute_gradient.py"
    assert kata.solution_path(tmp_path, reference=True) == kata.reference_path(tmp_path)
    assert kata.solution_path(tmp_path) == kata.stub_path(tmp_path)


# Bad catalogues: each problem is a KataUsageError that says what to fix


def _drop_title(raw):
    del raw["katas"][1]["title"]


def _duplicate_number(raw):
    raw["katas"][2]["number"] = raw["katas"][1]["number"]


def _duplicate_name(raw):
    raw["katas"][2]["name"] = raw["katas"][1]["name"]


def _out_of_order(raw):
    raw["katas"][0], raw["katas"][1] = raw["katas"][1], raw["katas"][0]


def _unknown_key(raw):
    raw["katas"][0]["difficulty"] = "easy"


def _wrong_type(raw):
    raw["katas"][0]["points"] = "ten"


def _bool_for_int(raw):
    raw["katas"][0]["points"] = True


def _one_hint(raw):
    raw["katas"][0]["hints"] = raw["katas"][0]["hints"][:1]


def _bad_name(raw):
    raw["katas"][0]["name"] = "Create-Tensor"


def _zero_time_limit(raw):
    raw["katas"][0]["time_limit"] = 0


def _empty_hint(raw):
    raw["katas"][0]["hints"][1] = ""


def _newer_format(raw):
    raw["format_version"] = FORMAT_VERSION + 1


def _format_as_text(raw):
    raw["format_version"] = "one"


def _format_zero(raw):
    raw["format_version"] = 0


def _format_true(raw):
    raw["format_version"] = True  # YAML `true` is a bool, and a bool is an int in Python


def _no_format(raw):
    del raw["format_version"]


def _no_katas(raw):
    raw["katas"] = []


def _unknown_top_level(raw):
    raw["authors"] = ["someone"]


def _kata_not_mapping(raw):
    raw["katas"][0] = "create_tensor"


BAD_CATALOGUES = [
    (_drop_title, r"kata 'tensor_op': missing key\(s\) \['title'\]"),
    (_duplicate_number, "numbers must be unique"),
    (_duplicate_name, "names must be unique"),
    (_out_of_order, "increasing order"),
    (_unknown_key, r"kata 'create_tensor': unknown key\(s\) \['difficulty'\]"),
    (_wrong_type, "kata 'create_tensor': `points` has the wrong type"),
    (_bool_for_int, "kata 'create_tensor': `points` has the wrong type"),
    (_one_hint, "kata 'create_tensor': give at least two levels of `hints`"),
    (_bad_name, "`name` must be a lowercase Python identifier"),
    (_zero_time_limit, "must be positive"),
    (_empty_hint, "every item of `hints` must be non-empty text"),
    (_newer_format, "Upgrade the checker"),
    (_format_as_text, "needs a positive integer format_version"),
    (_format_zero, "needs a positive integer format_version"),
    (_format_true, "needs a positive integer format_version"),
    (_no_format, "needs a positive integer format_version"),
    (_no_katas, "non-empty list under `katas`"),
    (_unknown_top_level, "unknown top-level key"),
    (_kata_not_mapping, "kata #1: each kata must be a mapping"),
]


@pytest.mark.parametrize(
    "change, expected", BAD_CATALOGUES, ids=[change.__name__.strip("_") for change, _ in BAD_CATALOGUES]
)
def test_bad_catalogue_is_a_usage_error_that_says_what_is_wrong(tmp_path, change, expected):
    with pytest.raises(KataUsageError, match=expected) as raised:
        _load_changed(tmp_path, change)

    assert "catalogue.yaml" in str(raised.value), "the error should name the file"


def test_catalogue_that_is_not_yaml_gives_the_line(tmp_path):
    with pytest.raises(KataUsageError, match=r"is not valid YAML at line 3, column 1"):
        _load_text(tmp_path, "format_version: 1\nkatas:\n\t- number: 1\n")


def test_catalogue_that_is_not_a_mapping(tmp_path):
    with pytest.raises(KataUsageError, match="must be a mapping with format_version and katas"):
        _load_text(tmp_path, "- just\n- a list\n")


def test_missing_catalogue_cannot_be_read(tmp_path):
    with pytest.raises(KataUsageError, match="Cannot read"):
        load_catalogue(tmp_path)


# Resolving what the learner typed


@pytest.mark.parametrize(
    "given", ["04", "4", "004", " 04 ", "compute_gradient", "COMPUTE_GRADIENT", "04_compute_gradient"]
)
def test_resolve_by_number_padded_number_name_or_folder(catalogue, given):
    assert catalogue.resolve(given).name == "compute_gradient"


@pytest.mark.parametrize(
    "given, suggestion",
    [
        ("craete_tensor", "Did you mean 01 (create_tensor)?"),
        ("compute_gradients", "Did you mean 04 (compute_gradient)?"),
        ("activations", "Did you mean 05 (activation)?"),
        ("99", "Run `kata list` to see them all."),
        ("0", "Run `kata list` to see them all."),
    ],
)
def test_unknown_kata_suggests_what_to_do(catalogue, given, suggestion):
    with pytest.raises(KataUsageError) as raised:
        catalogue.resolve(given)

    message = str(raised.value)
    assert f"There is no kata {given!r}." in message, message
    assert suggestion in message, message


def test_far_miss_has_no_did_you_mean(catalogue):
    with pytest.raises(KataUsageError) as raised:
        catalogue.resolve("zzz")

    assert "Did you mean" not in str(raised.value)


def test_select_returns_catalogue_order_without_repeats(catalogue):
    chosen = catalogue.select(["05", "tensor_op", "2", "01"])

    assert [kata.id for kata in chosen] == ["01", "02", "05"]


@pytest.mark.parametrize("given, ids", [("01-03", ["01", "02", "03"]), ("2-4", ["02", "03", "04"]), ("5-5", ["05"])])
def test_select_expands_ranges(catalogue, given, ids):
    assert [kata.id for kata in catalogue.select([given])] == ids


def test_select_mixes_ranges_and_names(catalogue):
    assert [kata.id for kata in catalogue.select(["activation", "01-02"])] == ["01", "02", "05"]


def test_backwards_range_says_how_to_write_it(catalogue):
    with pytest.raises(KataUsageError, match="runs backwards: write it as 01-03"):
        catalogue.select(["03-01"])


def test_range_past_the_end_names_the_unknown_end(catalogue):
    with pytest.raises(KataUsageError, match="There is no kata '99'"):
        catalogue.select(["01-99"])


def test_the_readmes_kata_table_is_the_one_generated_from_the_catalogue():
    from checker.cli.scaffold import TABLE_END, TABLE_START, kata_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The katas", 1)[1].split("\n## ", 1)[0]
    table = section.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].strip("\n")

    assert table == kata_table(load_catalogue(ROOT)), "the catalogue changed: run `kata new --table` in the checkout"
    assert all(kata.summary for kata in load_catalogue(ROOT)), "every kata has a summary line for the table"
