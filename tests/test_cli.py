"""The `elysara` command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from elysara.cli import COMMANDS, main


def test_the_installed_console_script_prints_help():
    script = Path(sys.executable).with_name("elysara")
    completed = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "Usage: elysara" in completed.stdout
    for name in COMMANDS:
        assert name in completed.stdout


def test_every_registered_subcommand_imports_and_has_help():
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage:" in result.output


def test_show_prints_a_sentence_by_id():
    result = CliRunner().invoke(main, ["show", "p8.3"])
    assert result.exit_code == 0
    assert result.output.strip() == '[p8.3] Choose peace."'


def test_show_rejects_an_unknown_id_with_the_valid_ones():
    result = CliRunner().invoke(main, ["show", "p12"])
    assert result.exit_code == 2
    assert "no passage 'p12'" in result.output
