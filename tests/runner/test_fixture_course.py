"""The fixture course (tests/fixtures/course) is sound: the runner's tests can trust what it says.

Its references pass every case, its stubs read "not started", its specs use the spec API
alone and its pytest.ini means what the checker's own does, so a test that fails on it
fails for the machinery it tests.
"""

from __future__ import annotations

import ast
import configparser

import pytest

from checker import runner
from checker.core.results import Status
from checker.specs.homes import SPECS_DIR
from tests.conftest import COURSE

SPEC_FILES = sorted((COURSE / "specs").glob("*/test_*.py"))


@pytest.mark.slow
def test_the_references_pass_every_case_through_the_front_door(make_course):
    course = make_course()

    run = runner.run_check(course.workspace, list(course.catalogue), reference=True, seed=5, specs_dir=course.specs)

    assert [kata.kata.name for kata in run.katas] == [kata.name for kata in course.catalogue]
    for kata in run.katas:
        assert len(kata.cases) >= 3, f"{kata.kata.name}: a few cases, so a test can tell one case from the kata"
        assert {case.status for case in kata.cases} == {Status.PASSED}, [(c.name, c.message) for c in kata.cases]
    assert not run.incomplete and run.all_passed


@pytest.mark.slow
def test_the_stubs_read_as_not_started(make_course):
    course = make_course()

    run = runner.run_check(course.workspace, list(course.catalogue), seed=5, specs_dir=course.specs)

    for kata in run.katas:
        assert kata.cases and {case.status for case in kata.cases} == {Status.NOT_STARTED}, kata.kata.name
        assert str(kata.kata.stub_file) in kata.cases[0].message
    assert not run.incomplete


def test_every_kata_has_a_stub_a_reference_and_a_spec():
    from checker.core.catalogue import load_catalogue

    for kata in load_catalogue(COURSE):
        assert kata.stub_path(COURSE).is_file() and kata.reference_path(COURSE).is_file(), kata.name
        assert (COURSE / "specs" / kata.spec_file).is_file(), kata.name
    assert len(SPEC_FILES) == len(load_catalogue(COURSE)), "no spec without its kata"


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda path: path.name)
def test_a_fixture_spec_imports_the_checker_through_the_api_alone(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}

    assert {name for name in imported if name.split(".")[0] == "checker"} == {"checker.specs.api"}


def test_its_pytest_ini_means_what_the_checkers_own_does():
    def options(path):
        parser = configparser.ConfigParser()
        parser.read(path, encoding="utf-8")
        section = dict(parser["pytest"])
        section["markers"] = sorted(line.strip() for line in section["markers"].splitlines() if line.strip())
        return section

    assert options(COURSE / "specs" / "pytest.ini") == options(SPECS_DIR / "pytest.ini")
