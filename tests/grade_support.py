"""Helpers for the grading tests: a student's tree, and every report read back by a real reader.

`read_reports` parses each file `kata grade` writes (json for the JSON files,
xml.etree for JUnit), checks the keys and types each consumer needs, checks that
all formats agree on every kata's score, and returns them.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from checker.core.catalogue import load_catalogue
from checker.exports.template import export_template

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT)
CASE_STATUSES = {
    "passed",
    "failed",
    "error",
    "not_started",
    "timeout",
    "crashed",
    "exited",
    "output_limit",
    "memory_limit",
    "skipped",
    "checker_error",
}
REPORT_NAMES = ("kata-results.json", "junit.xml", "gradescope-results.json", "classroom50-result.json", "summary.md")


def student_tree(folder: Path, solutions: dict[str, str] | None = None) -> Path:
    """A student's repository as `kata export-template` makes it, with these solutions (id -> source)."""
    export_template(folder, repository="teacher/torch-katas", ref="v0.1.0")
    for kata_id, source in (solutions or {}).items():
        CATALOGUE.resolve(kata_id).stub_path(folder).write_text(source, encoding="utf-8")
    return folder


def reference(kata_id: str) -> str:
    return CATALOGUE.resolve(kata_id).reference_path(ROOT).read_text(encoding="utf-8")


def read_reports(folder: Path) -> dict:
    """Every report, parsed and checked; `scores` maps kata id to (score, max_score)."""
    results = json.loads((folder / "kata-results.json").read_text(encoding="utf-8"))
    junit = ET.parse(folder / "junit.xml").getroot()
    gradescope = json.loads((folder / "gradescope-results.json").read_text(encoding="utf-8"))
    classroom = json.loads((folder / "classroom50-result.json").read_text(encoding="utf-8"))
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    scores = _check_results(results)
    _check_junit(junit, scores)
    _check_gradescope(gradescope, scores, results)
    _check_classroom50(classroom, scores, results)
    assert f"torch-katas grade: {results['score']:g} / {results['max_score']}" in summary, summary
    for kata in results["katas"]:
        assert f"| {kata['id']} {kata['name']} |" in summary, kata["id"]
    return {
        "results": results,
        "junit": junit,
        "gradescope": gradescope,
        "classroom": classroom,
        "summary": summary,
        "scores": scores,
    }


def _check_results(results: dict) -> dict[str, tuple[float, int]]:
    for key, kind in (
        ("schema_version", int),
        ("checker_version", str),
        ("torch_version", str),
        ("seed", int),
        ("started", float),
        ("finished", float),
        ("started_at", str),
        ("finished_at", str),
        ("max_score", int),
        ("katas", list),
        ("warnings", list),
        ("complete", bool),
    ):
        assert isinstance(results[key], kind), (key, results.get(key))
    assert isinstance(results["score"], (int, float))
    scores = {}
    for kata in results["katas"]:
        assert isinstance(kata["id"], str) and isinstance(kata["name"], str)
        assert kata["status"] in {"passed", "failed", "not_started"}
        assert isinstance(kata["score"], (int, float)) and isinstance(kata["max_score"], int)
        assert kata["cases"], f"kata {kata['id']} lists no cases"
        for case in kata["cases"]:
            assert isinstance(case["name"], str) and isinstance(case["message"], str)
            assert case["status"] in CASE_STATUSES
            assert isinstance(case["duration"], (int, float))
        scores[kata["id"]] = (kata["score"], kata["max_score"])
    assert math.isclose(results["score"], sum(score for score, _ in scores.values()), abs_tol=0.011)
    assert results["max_score"] == sum(top for _, top in scores.values())
    return scores


def _check_junit(root: ET.Element, scores: dict) -> None:
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == len(scores)
    for suite, (kata_id, (score, top)) in zip(suites, scores.items()):
        assert suite.get("name").startswith(f"{kata_id} ")
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases) > 0
        counted = {"failure": 0, "error": 0, "skipped": 0}
        for case in cases:
            assert case.get("classname", "").startswith(f"katas.{kata_id}_") and case.get("name")
            float(case.get("time"))
            outcomes = [child.tag for child in case if child.tag in counted]
            assert len(outcomes) <= 1, outcomes
            for tag in outcomes:
                counted[tag] += 1
        assert (int(suite.get("failures")), int(suite.get("errors")), int(suite.get("skipped"))) == tuple(
            counted.values()
        )
        properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
        assert float(properties["score"]) == score and int(properties["max_score"]) == top
    assert int(root.get("tests")) == sum(int(suite.get("tests")) for suite in suites)


def _check_gradescope(data: dict, scores: dict, results: dict) -> None:
    assert isinstance(data["score"], (int, float)) and isinstance(data["execution_time"], int)
    assert isinstance(data["output"], str) and data["visibility"] in {
        "visible",
        "hidden",
        "after_due_date",
        "after_published",
    }
    assert len(data["tests"]) == len(scores)
    for test, (kata_id, (score, top)) in zip(data["tests"], scores.items()):
        assert test["name"].startswith(f"{kata_id} ") and isinstance(test["output"], str)
        assert (test["score"], test["max_score"]) == (score, top)
        assert test["status"] in {"passed", "failed"} and test["visibility"] in {"visible", "hidden"}
    assert math.isclose(data["score"], results["score"])


def _check_classroom50(data: dict, scores: dict, results: dict) -> None:
    """Classroom 50's contract: integer scores that add up, within one point per kata of the exact ones."""
    assert data["schema"] == "classroom50/result/v1"
    for key in ("classroom", "assignment", "submission", "commit", "release", "review", "datetime"):
        assert isinstance(data[key], str), key
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["datetime"]), data["datetime"]
    assert type(data["score"]) is int and data["max-score"] == results["max_score"]
    assert len(data["tests"]) == len(scores)
    for test, (kata_id, (score, top)) in zip(data["tests"], scores.items()):
        assert test["test-name"].startswith(f"{kata_id} ") and type(test["passed"]) is bool
        assert type(test["score"]) is int and test["max-score"] == top and abs(test["score"] - score) < 1
    assert data["score"] == sum(test["score"] for test in data["tests"])
    assert abs(data["score"] - results["score"]) <= 0.5 + 1e-9
