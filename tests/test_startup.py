"""Start-up of the command line: lazy commands, light imports, a clean interrupt."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest

from wardilemma import cli, paths

#: Never loaded by ``--help`` and the scenario commands that only read files.
HEAVY = ("scipy.stats", "matplotlib", "numba", "pandas")

_LOADED = """
import sys
from wardilemma.cli import main
try:
    main(sys.argv[1:], prog_name="wardilemma")
except SystemExit:
    pass
print(",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


def _as_at_a_shell() -> None:
    """In the child, before it runs: Ctrl-C at its default, as a shell starts a command. A
    child inherits an ignored SIGINT, and Python then leaves it ignored; in the full suite
    under xdist the worker's SIGINT was found ignored (measured: after the first test of
    the dominance and loops groups), so the command ran to the end with exit 0."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("args", [["--help"], ["validate", "{baseline}"], ["params"]])
def test_light_commands_import_no_heavy_library(args) -> None:
    baseline = str(paths.scenarios_dir() / "baseline.toml")
    argv = [a.format(baseline=baseline) for a in args]
    code = _LOADED.format(heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1:] in ([], [""]), done.stderr


def test_the_listing_of_help_is_each_commands_own() -> None:
    for name, entry in cli.commands().items():
        command = cli.main.get_command(click.Context(cli.main), name)
        assert command is not None and command.name == name
        listed = click.Command(name, help=entry.help).get_short_help_str(1000)
        assert listed == command.get_short_help_str(1000), name


def test_every_command_of_the_cli_modules_is_listed() -> None:
    # what the source reading finds is what importing the modules finds
    imported = {
        obj.name
        for path in Path(cli.__file__).parent.glob("*_cmds.py")
        for obj in vars(importlib.import_module(f"wardilemma.cli.{path.stem}")).values()
        if isinstance(obj, click.Command)
    }
    assert imported == set(cli.commands())


def test_a_command_is_read_from_its_source(tmp_path) -> None:
    module = tmp_path / "demo_cmds.py"
    module.write_text(
        "import click\n\n"
        "@click.command('class-list')\n@click.option('--n')\n"
        'def listing(n):\n    """List them.\n\n    More."""\n\n'
        '@click.command(name=\'b\')\ndef other():\n    """B."""\n\n'
        "@click.command()\ndef play_game():\n    pass\n\n"
        'def helper():\n    """Not a command."""\n'
    )
    assert cli._declared(module) == [
        cli.Entry("class-list", "demo_cmds", "listing", "List them.\n\nMore."),
        cli.Entry("b", "demo_cmds", "other", "B."),
        cli.Entry("play-game", "demo_cmds", "play_game", ""),
    ]


def test_unknown_command_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wardilemma", "nosuch"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: No such command 'nosuch'.")


def test_importing_the_cli_leaves_sigint_alone() -> None:
    # only the command line itself replaces the handler, not a program importing it
    assert signal.getsignal(signal.SIGINT) is not cli._interrupted


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_sigint_during_start_up_is_one_line_and_exit_130() -> None:
    # -X importtime reports each module as its import ends: interrupt once NumPy is in,
    # while the montecarlo command is still importing SciPy
    folder = paths.scenarios_dir()
    p = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "wardilemma", "montecarlo",
         str(folder / "war_continues.toml"), "-n", "100000", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=paths.scenarios_dir(),
        preexec_fn=_as_at_a_shell,
    )  # fmt: skip
    assert p.stderr is not None
    for line in p.stderr:
        if line.split("|")[-1].strip() == "numpy":
            break
    assert p.poll() is None, "the command ended before it could be interrupted"
    p.send_signal(signal.SIGINT)
    _, rest = p.communicate(timeout=120)
    lines = [x for x in rest.splitlines() if x.strip() and not x.startswith("import time:")]
    assert p.returncode == 130, rest
    # "error: interrupted" while importing; the command's own line if it was quicker
    assert len(lines) == 1 and lines[0].startswith("error: interrupted"), rest
    assert "Traceback" not in rest


#: Never loaded by a ``run`` of one scenario (one member, on the NumPy engine).
RUN_UNUSED = ("scipy", "pandas", "numba", "jinja2", "wardilemma.analysis",
              "wardilemma.studies", "wardilemma.engine.numba")  # fmt: skip


def test_a_single_run_imports_no_library_it_does_not_use(tmp_path) -> None:
    baseline = str(paths.scenarios_dir() / "baseline.toml")
    code = _LOADED.format(heavy=RUN_UNUSED)
    argv = ["run", baseline, "-o", str(tmp_path), "-q"]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    env.pop("WARDILEMMA_BACKEND", None)
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                          env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1:] in ([], [""]), done.stderr
    assert (tmp_path / "baseline" / "dashboard.png").is_file()


_COLLECTOR = """
import gc, sys
sys.argv[0] = {argv0!r}
import click
from wardilemma import cli
print(gc.isenabled(), gc.get_freeze_count() > 0)
cli.main.resolve_command(click.Context(cli.main), ["params"])
print(gc.isenabled(), gc.get_freeze_count() > 0)
"""


@pytest.mark.parametrize(
    ("argv0", "expected"),
    [
        # the command line: no collection while importing, the collector on for the command
        ("wardilemma", ["False False", "True True"]),
        # a program importing the CLI keeps its collector as it was, nothing frozen
        ("my_program.py", ["True False", "True False"]),
    ],
)
def test_the_collector_waits_for_the_command_line_imports_only(argv0, expected) -> None:
    code = _COLLECTOR.format(argv0=argv0)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == expected
