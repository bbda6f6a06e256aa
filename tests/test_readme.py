"""The README's two commands are what CI runs and what a newcomer types."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands():
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(), re.DOTALL)[:2]


def test_readme_opens_with_the_run_and_test_commands():
    run, test = readme_commands()
    assert run.startswith("python3 -m venv .venv")
    assert run.endswith(".venv/bin/gunicorn")
    assert "load_demo" in run
    assert "migrate" in run
    assert test.startswith("python3 -m venv .venv")
    assert test.endswith(".venv/bin/pytest")
    assert "ruff check" in test


def test_ci_runs_the_readme_test_command_exactly():
    _, test = readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test in ci_lines
