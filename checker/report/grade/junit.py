"""JUnit XML for a grade: a testsuite per kata, a testcase per case (`junit.xml`).

A wrong answer or a stub left as it is becomes <failure>; a crash, an exit, a time or
memory limit, or code that raised becomes <error>; a case that needs CUDA on a
machine without it becomes <skipped>; a passing case's notes are its <system-out>.
Each suite carries its score (and its count of notes) as properties.
Characters that XML 1.0 cannot hold (a learner's exception may carry any) are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.core.results import GradeResult, KataResult, Status
from checker.report.grade.text import case_text, kata_label

__all__ = ["grade_to_junit"]

_FAILURES = (Status.FAILED, Status.NOT_STARTED)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def grade_to_junit(grade: GradeResult) -> str:
    root = ET.Element("testsuites", name="torch-katas", time=_seconds(grade.duration))
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for kata in grade.katas:
        suite = _suite(kata, grade.run.seed)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key))
    for key, value in totals.items():
        root.set(key, str(value))
    for element in root.iter():
        element.text = _clean(element.text)
        for key, value in element.attrib.items():
            element.set(key, _clean(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(kata: KataResult, seed: int) -> ET.Element:
    suite = ET.Element("testsuite", name=kata_label(kata), tests=str(len(kata.cases)))
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("title", kata.title),
        ("score", f"{kata.score:g}"),
        ("max_score", str(kata.points)),
        ("status", kata.status.value),
        ("seed", str(seed)),
        ("notes", str(kata.note_count)),
    ):
        ET.SubElement(properties, "property", name=name, value=value)
    counts = dict.fromkeys(("failures", "errors", "skipped"), 0)
    for case in kata.cases:
        element = ET.SubElement(
            suite, "testcase", classname=f"katas.{kata.id}_{kata.name}", name=case.name, time=_seconds(case.duration)
        )
        if case.status is Status.PASSED:
            if case.notes:
                ET.SubElement(element, "system-out").text = case_text(case)
            continue
        if case.status is Status.SKIPPED:
            ET.SubElement(element, "skipped", message=case.message)
            counts["skipped"] += 1
            continue
        tag = "failure" if case.status in _FAILURES else "error"
        problem = ET.SubElement(element, tag, message=case.message, type=case.status.value)
        problem.text = case_text(case)
        counts["failures" if tag == "failure" else "errors"] += 1
        if "output" in case.details:
            ET.SubElement(element, "system-out").text = case.details["output"]
    suite.set("time", _seconds(sum(case.duration for case in kata.cases)))
    for key, value in counts.items():
        suite.set(key, str(value))
    return suite


def _clean(text: str | None) -> str | None:
    return _NOT_XML.sub("", text) if text else text


def _seconds(value: float) -> str:
    return f"{value:.3f}"
