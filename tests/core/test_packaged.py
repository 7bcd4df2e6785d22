"""The course the installed checker carries: where it is found (checker/core/packaged.py)."""

from __future__ import annotations

from grade_support import CATALOGUE

from checker.core import packaged


def test_the_course_comes_from_the_package_when_it_carries_one(tmp_path, monkeypatch):
    assert packaged.packaged_course_root() == packaged.PACKAGE_DIR.parent  # a checkout: the course beside the package
    course = tmp_path / "_course"
    (course / "katas").mkdir(parents=True)
    (course / "katas" / "catalogue.yaml").write_bytes(CATALOGUE.path.read_bytes())
    monkeypatch.setattr(packaged, "PACKAGED_COURSE", course)

    assert packaged.packaged_course_root() == course
