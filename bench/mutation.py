"""Mutation testing of the guards and the parser: do their tests fail when the code is wrong?

    python bench/mutation.py [MODULE ...] [--workdir DIR] [--list]

For each module (default: all of ``mutation_cases.MODULES``; names as in ``--list``) it
copies the working tree into a scratch folder, points mutmut (3.x, configured from the
project's ``[tool.mutmut]`` section) at that one module and the tests that cover it, and
runs it with one worker; then it applies the hand-written mutants of ``mutation_cases``
(what mutmut does not reach: decorated functions, module constants, regular expressions)
one at a time and runs the same tests. It prints a table (module, mutants, killed, timeouts,
equivalent, survived, kill rate of the behaviour-changing ones) and every survivor with its
diff, marked with the reason when ``mutation_cases`` lists it as equivalent.

One module at a time with one worker keeps it to one CPU core; all of them take about an
hour on a quiet 2-core machine, so it is not part of CI. See ``docs/mutation.md``.
"""

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import mutation_cases
from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MUTMUT = str(Path(PYTHON).with_name("mutmut"))
NICE = shutil.which("nice") or "nice"  # a lower priority, so the machine stays usable
GIT = shutil.which("git") or "git"
KILLED, TIMEOUT = "killed", "timeout"
MODULE_TIMEOUT = 3 * 3600  # seconds for one module's mutmut run, at most
HAND_TIMEOUT = 300  # seconds for the tests of one hand-written mutant, at most
# Only the plugin these tests need: schemathesis', hypothesis' and faker's would triple the
# start-up of every test run.
QUIET_PLUGINS = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
PLUGINS = ["-p", "pytest_django.plugin"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="module names (default: all)")
    parser.add_argument("--workdir", help="scratch folder to keep (default: a temporary one)")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    args = parser.parse_args()
    if args.list:
        for name, module in mutation_cases.MODULES.items():
            print(f"{name}: {module.path} <- {' '.join(module.tests)}")
        return
    unknown = set(args.modules) - set(mutation_cases.MODULES)
    if unknown:
        parser.error(f"unknown modules: {', '.join(sorted(unknown))} (see --list)")
    names = args.modules or list(mutation_cases.MODULES)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="mutation-"))
    rows, survivors = [], []
    for name in names:
        row, module_survivors = run_module(name, mutation_cases.MODULES[name], workdir / name)
        rows.append(row)
        survivors += module_survivors
        print(table([row]) + survivor_report(module_survivors), flush=True)
    print("\n" + table(rows))
    print(survivor_report(survivors))
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


def run_module(name, module, scratch):
    started = time.monotonic()
    copy_tree(scratch)
    configure(scratch, module)
    print(f"{name}: mutmut on {module.path} against {' '.join(module.tests)}", flush=True)
    with open(scratch / "mutmut.log", "w") as log:
        finished = subprocess.run(
            [NICE, "-n", "10", MUTMUT, "run", "--max-children", "1", *module.functions],
            cwd=scratch,
            env=QUIET_PLUGINS,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=MODULE_TIMEOUT,
        )
    if finished.returncode:  # e.g. a clean test failed: mutmut's last lines say which
        tail = (scratch / "mutmut.log").read_text()[-3000:]
        raise SystemExit(f"{name}: mutmut stopped ({finished.returncode}):\n{tail}")
    results = mutmut_results(scratch, module)
    results += hand_results(scratch, module)
    survivors = [(name, *result) for result in results if result[1] not in (KILLED, TIMEOUT)]
    minutes = (time.monotonic() - started) / 60
    return summarise(name, results, minutes), survivors


def copy_tree(scratch):
    """The working tree's files (tracked and new, not ignored) in a fresh scratch folder."""
    shutil.rmtree(scratch, ignore_errors=True)
    listed = subprocess.run(
        [GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for relative in filter(None, listed.split("\0")):
        source = ROOT / relative
        if source.is_file():
            (scratch / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, scratch / relative)


def configure(scratch, module):
    """The project's ``[tool.mutmut]`` with only this module and its tests."""
    pyproject = scratch / "pyproject.toml"
    text = pyproject.read_text()
    settings = tomllib.loads(text)["tool"]["mutmut"]
    settings["only_mutate"] = [module.path]
    settings["pytest_add_cli_args_test_selection"] = module.selection()
    settings["pytest_add_cli_args"] = [*settings.get("pytest_add_cli_args", []), *PLUGINS]
    section = re.search(r"^\[tool\.mutmut\]\n(?:(?!\[).*\n?)*", text, re.MULTILINE)
    lines = ["[tool.mutmut]", *(f"{key} = {json.dumps(value)}" for key, value in settings.items())]
    pyproject.write_text(text[: section.start()] + "\n".join(lines) + "\n" + text[section.end() :])


def mutmut_results(scratch, module):
    """``(mutant, status, diff)`` for each mutant mutmut made of the module."""
    meta = json.loads((scratch / "mutants" / f"{module.path}.meta").read_text())
    results = []
    for mutant, exit_code in meta["exit_code_by_key"].items():
        if not any(fnmatch.fnmatchcase(mutant, pattern) for pattern in module.functions):
            continue
        status = status_by_exit_code[exit_code]
        diff = "" if status in (KILLED, TIMEOUT) else mutant_diff(scratch, mutant)
        results.append((mutant, equivalent_or(status, module, diff), diff))
    return results


def mutant_diff(scratch, mutant):
    shown = subprocess.run(
        [MUTMUT, "show", mutant], cwd=scratch, capture_output=True, text=True, check=False
    ).stdout
    changed = [line for line in shown.splitlines() if line[:1] in "+-"]
    return "\n".join(line for line in changed if line[:3] not in ("---", "+++"))


def equivalent_or(status, module, diff):
    if status in (KILLED, TIMEOUT):
        return status
    for fragment, reason in module.equivalent.items():
        if fragment in diff:
            return f"equivalent: {reason}"
    return status


def hand_results(scratch, module):
    """Apply each hand-written mutant to the scratch copy, run the tests, put it back."""
    source = scratch / module.path
    original = source.read_text()
    results = []
    for mutant in module.hand_mutants:
        if original.count(mutant.old) != 1:
            raise SystemExit(f"{module.path}: {mutant.old!r} is not there exactly once")
        source.write_text(original.replace(mutant.old, mutant.new))
        try:
            status = KILLED if run_tests(scratch, module) else "survived"
        except subprocess.TimeoutExpired:
            status = TIMEOUT
        finally:
            source.write_text(original)
        diff = f"- {mutant.old}\n+ {mutant.new}"
        if status == "survived" and mutant.equivalent:
            status = f"equivalent: {mutant.equivalent}"
        results.append((f"hand: {mutant.old.strip()[:60]}", status, diff))
    return results


def run_tests(scratch, module):
    """Whether the module's tests fail (the mutant is killed)."""
    command = [NICE, "-n", "10", PYTHON, "-m", "pytest", "-x", "-q", *PLUGINS]
    completed = subprocess.run(
        command + module.selection(),
        cwd=scratch,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=QUIET_PLUGINS,
        timeout=HAND_TIMEOUT,
        check=False,
    )
    return completed.returncode != 0


def summarise(name, results, minutes):
    kinds = [status.split(":")[0] for _, status, _ in results]
    counts = {kind: kinds.count(kind) for kind in (KILLED, TIMEOUT, "equivalent")}
    return {
        "module": name,
        "mutants": len(results),
        "hand": sum(1 for mutant, _, _ in results if mutant.startswith("hand: ")),
        **counts,
        "survived": len(kinds) - sum(counts.values()),  # survived, no tests, suspicious
        "minutes": minutes,
    }


def table(rows):
    lines = [
        "| module | mutants (hand-written) | killed | timeouts | equivalent | survived "
        "| kill rate | minutes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        changing = row["mutants"] - row["equivalent"]
        rate = (row[KILLED] + row[TIMEOUT]) / changing if changing else 1.0
        lines.append(
            f"| {row['module']} | {row['mutants']} ({row['hand']}) | {row[KILLED]} "
            f"| {row[TIMEOUT]} | {row['equivalent']} | {row['survived']} | {rate:.0%} "
            f"| {row['minutes']:.1f} |"
        )
    return "\n".join(lines)


def survivor_report(survivors):
    lines = ["", "Surviving mutants:"]
    for name, mutant, status, diff in survivors:
        lines.append(f"\n* {name} `{mutant}`: {status}")
        lines += [f"      {line}" for line in diff.splitlines()]
    return "\n".join(lines) if survivors else "\nNo surviving mutants."


if __name__ == "__main__":
    main()
