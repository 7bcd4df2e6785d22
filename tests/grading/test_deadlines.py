"""grading/deadlines.py and grading/commits.py: which commit counts, how late it is, and bad input named by line."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from platform_marks import needs_symlinks

from checker.core.errors import KataUsageError
from checker.core.statuses import RowStatus
from checker.grading.commits import NotACheckout, commit_before, export_katas, history
from checker.grading.deadlines import LatePolicy, parse_instant, read_instants
from checker.grading.on_time import pick_work

UTC = timezone.utc


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def commit(repo: Path, when: str, files: dict[str, str], message: str = "work") -> str:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    git = ["git", "-c", "user.email=s@example.com", "-c", "user.name=s", "-C", str(repo)]
    subprocess.run([*git, "add", "-A"], check=True, capture_output=True)
    subprocess.run([*git, "commit", "-qm", message], check=True, capture_output=True, env=env)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    folder = tmp_path / "alice"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


# Instants


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-06-02T00:00:00Z", "2026-06-02T00:00:00"),
        ("2026-06-02T02:00:00+02:00", "2026-06-02T00:00:00"),
        ("2026-06-01 19:00-05:00", "2026-06-02T00:00:00"),
    ],
)
def test_instants_with_a_zone_are_read_as_utc(given, expected):
    assert parse_instant(given) == at(expected)


@pytest.mark.parametrize("given", ["2026-06-02T00:00:00", "tomorrow", "2026-13-01T00:00:00Z", ""])
def test_an_instant_without_a_zone_or_that_does_not_parse_is_a_usage_error(given):
    with pytest.raises(KataUsageError, match="ISO 8601"):
        parse_instant(given)


def test_instants_files_name_the_line_of_each_problem(tmp_path):
    path = tmp_path / "extensions.csv"
    students = ["alice", "bob"]

    path.write_text("id,deadline\nalice,2026-06-09T00:00:00Z\nbob,2026-06-10T00:00:00Z\n")
    assert read_instants(path, "deadline", students) == {"alice": at("2026-06-09"), "bob": at("2026-06-10")}

    for text, line, problem in [
        ("alice,2026-06-09T00:00:00Z\nalice,2026-06-10T00:00:00Z\n", 2, "alice appears twice (first on line 1)"),
        ("alice,2026-06-09T00:00:00Z\nmallory,2026-06-10T00:00:00Z\n", 2, "mallory is not a student"),
        ("id,deadline\nbob,next week\n", 2, "'next week' is not a date"),
        ("alice\n", 1, "expected two columns"),
    ]:
        path.write_text(text)
        with pytest.raises(KataUsageError) as raised:
            read_instants(path, "deadline", students)
        assert f"line {line}: " in str(raised.value) and problem in str(raised.value), raised.value

    with pytest.raises(KataUsageError, match="Cannot read"):
        read_instants(tmp_path / "absent.csv", "deadline", students)


# The policy


def test_late_days_count_started_days_and_the_penalty_stops_at_100():
    policy = LatePolicy(at("2026-06-02"), {"bob": at("2026-06-05")}, penalty_percent=30)

    assert policy.lateness("alice", at("2026-06-02")).late_days == 0
    assert policy.lateness("alice", at("2026-06-02T00:00:01")).late_days == 1
    assert policy.lateness("alice", at("2026-06-03T00:00:01")).penalty_percent == 60
    assert policy.lateness("alice", at("2026-06-20")).penalty_percent == 100
    assert policy.lateness("bob", at("2026-06-04")).on_time, "bob's extension moves his deadline"


def test_what_is_graded_depends_on_the_policy():
    strict = LatePolicy(at("2026-06-02"))
    assert strict.latest_graded("alice") == at("2026-06-02")
    assert LatePolicy(at("2026-06-02"), penalty_percent=10).latest_graded("alice") is None
    assert LatePolicy(at("2026-06-02"), penalty_percent=10, cutoff_days=3).latest_graded("alice") == at("2026-06-05")


def test_a_students_policy_key_changes_only_with_what_applies_to_them():
    before = LatePolicy(at("2026-06-02"))
    after = LatePolicy(at("2026-06-02"), {"bob": at("2026-06-05")})

    assert before.key("alice") == after.key("alice")
    assert before.key("bob") != after.key("bob")
    assert LatePolicy(at("2026-06-02"), penalty_percent=5).key("alice") != before.key("alice")


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"deadline": None, "penalty": 10.0}, "--late-penalty needs --deadline"),
        ({"deadline": "2026-06-02T00:00:00Z", "penalty": 150.0}, "between 0 and 100"),
        ({"deadline": "2026-06-02T00:00:00Z", "penalty": 10.0, "cutoff": -1.0}, "0 or more"),
        ({"deadline": "2026-06-02T00:00:00Z", "cutoff": 2.0}, "--late-cutoff needs --late-penalty"),
        ({"deadline": "soon"}, "ISO 8601"),
    ],
)
def test_options_that_make_no_sense_are_usage_errors(options, problem):
    deadline = options.pop("deadline")
    with pytest.raises(KataUsageError, match=problem):
        LatePolicy.from_options(deadline, **options)


def test_no_deadline_is_no_policy():
    assert LatePolicy.from_options(None) is None


# Reading git without changing it


def test_the_last_commit_before_the_deadline_is_found_and_exported_without_touching_the_repository(repo, tmp_path):
    early = commit(repo, "2026-06-01T12:00:00Z", {"katas/01_a/a.py": "early\n", "README.md": "x"})
    commit(repo, "2026-06-03T12:00:00Z", {"katas/01_a/a.py": "late\n"})
    status_before = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True).stdout
    head_before = (repo / ".git" / "HEAD").read_text()

    commits = history(repo)
    chosen = commit_before(commits, at("2026-06-02"))
    copy = export_katas(repo, chosen.sha, tmp_path / "copy")

    assert chosen.sha == early and chosen.committed_at == at("2026-06-01T12:00:00")
    assert (copy / "katas" / "01_a" / "a.py").read_text() == "early\n"
    assert not (copy / "README.md").exists(), "only katas/ is graded"
    assert (repo / "katas" / "01_a" / "a.py").read_text() == "late\n"
    assert (
        subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True).stdout == status_before
    )
    assert (repo / ".git" / "HEAD").read_text() == head_before
    assert commit_before(commits, at("2026-05-01")) is None
    assert commit_before(commits, None).committed_at == at("2026-06-03T12:00:00")


@needs_symlinks
def test_links_in_a_commit_stay_behind(repo, tmp_path):
    (repo / "katas").mkdir()
    (repo / "katas" / "link.py").symlink_to("/etc/passwd")
    sha = commit(repo, "2026-06-01T12:00:00Z", {"katas/01_a/a.py": "ok\n"})

    copy = export_katas(repo, sha, tmp_path / "copy")

    assert (copy / "katas" / "01_a" / "a.py").is_file() and not (copy / "katas" / "link.py").exists()


def test_a_folder_without_history_is_not_a_checkout(tmp_path, repo):
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(NotACheckout, match="no .git folder"):
        history(plain)
    with pytest.raises(NotACheckout):
        history(repo)  # a repository without commits


# The work picked under a policy


def pick(tree: Path, policy: LatePolicy, scratch: Path, submitted_at: dict | None = None, zipped: bool = False):
    return pick_work(tree.name, tree, zipped=zipped, policy=policy, submitted_at=submitted_at or {}, scratch=scratch)


def test_the_policy_picks_the_work_and_says_how_late(repo, tmp_path):
    commit(repo, "2026-06-01T12:00:00Z", {"katas/01_a/a.py": "on time\n"})
    late = commit(repo, "2026-06-03T12:00:00Z", {"katas/01_a/a.py": "late\n"})

    on_time = pick(repo, LatePolicy(at("2026-06-02")), tmp_path / "s")
    assert (on_time.tree / "katas/01_a/a.py").read_text() == "on time\n" and on_time.lateness.on_time

    penalised = pick(repo, LatePolicy(at("2026-06-02"), penalty_percent=10), tmp_path / "t")
    assert penalised.commit == late and (penalised.tree / "katas/01_a/a.py").read_text() == "late\n"
    assert (penalised.lateness.late_days, penalised.lateness.penalty_percent) == (2, 20)

    cut = pick(repo, LatePolicy(at("2026-06-02"), penalty_percent=10, cutoff_days=1), tmp_path / "u")
    assert (cut.tree / "katas/01_a/a.py").read_text() == "on time\n", "the late commit is past the cutoff"

    nothing = pick(repo, LatePolicy(at("2026-05-01")), tmp_path / "v")
    assert nothing.tree is None and nothing.status is RowStatus.TOO_LATE and "No commit at or before" in nothing.message


def test_the_platforms_instant_overrides_the_commit_dates(repo, tmp_path):
    head_sha = commit(repo, "2026-05-01T00:00:00Z", {"katas/01_a/a.py": "forged date\n"})
    platform = {"alice": at("2026-06-02T01:00")}

    graded = pick(repo, LatePolicy(at("2026-06-02"), penalty_percent=25), tmp_path, platform)
    assert graded.tree == repo and graded.commit == head_sha and graded.lateness.penalty_percent == 25

    refused = pick(repo, LatePolicy(at("2026-06-02")), tmp_path, {"alice": at("2026-06-03")})
    assert refused.status is RowStatus.TOO_LATE and "platform" in refused.message


def test_a_zip_counts_as_on_time_with_a_warning_and_a_plain_folder_has_no_history(tmp_path):
    folder = tmp_path / "bob"
    (folder / "katas").mkdir(parents=True)
    policy = LatePolicy(at("2026-06-02"))

    zipped = pick(folder, policy, tmp_path, zipped=True)
    assert zipped.tree == folder and zipped.lateness.on_time and "zip has no commits" in zipped.message

    plain = pick(folder, policy, tmp_path)
    assert plain.tree is None and plain.status is RowStatus.NO_HISTORY and "--submitted-at" in plain.message
