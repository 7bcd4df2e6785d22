"""Build hook: the wheel carries the course, so `kata grade` never trusts a graded tree's copy.

Everything else about the package is in pyproject.toml. Building (not an editable
install, which reads the course from the checkout) copies the catalogue, each kata's
README and stub, and the classroom workflow into checker/_course/, where
checker/grading/trusted.py looks first.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

COURSE_FILES = ("katas/catalogue.yaml", "katas/*/README.md", "katas/*/*.py", ".github/workflows/classroom.yml")


class BuildWithCourse(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "checker" / "_course"
        for pattern in COURSE_FILES:
            for source in sorted(root.glob(pattern)):
                destination = target / source.relative_to(root)
                destination.parent.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(source), str(destination))


if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildWithCourse})
