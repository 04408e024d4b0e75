"""The ``elysara`` command line.

Subcommands live beside the code they drive and are listed here once, as
``name -> "module:attribute"``; a subcommand's module is imported only when
that subcommand runs, so ``elysara --help`` stays fast.
"""

from __future__ import annotations

import importlib

import click

from elysara import __version__

#: Subcommands by name. Add a line here when a module gains a command.
COMMANDS: dict[str, str] = {
    "show": "elysara.cli:show",
    "book": "elysara.book:book_command",
    "release": "elysara.exercises.commands.release:release_command",
    "grade": "elysara.exercises.commands.grade:grade_command",
    "agreement": "elysara.exercises.commands.agreement:agreement_command",
    "dashboard": "elysara.exercises.commands.dashboard:dashboard_command",
    "sample-class": "elysara.exercises.commands.sample_class:sample_class_command",
}


class LazyGroup(click.Group):
    """A click group whose commands are imported from :data:`COMMANDS` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="elysara")
def main() -> None:
    """Elysara Courseware: the text, its widgets and its graded exercises."""


@click.command()
@click.argument("passage_ids", nargs=-1)
def show(passage_ids: tuple[str, ...]) -> None:
    """Print passages of the text by id (p4, p4.2); with no id, the whole text."""
    from elysara.text import UnknownPassageError, load_text

    text = load_text()
    if not passage_ids:
        for paragraph in text.paragraphs:
            click.echo(f"[{paragraph.id}] {paragraph.text}\n")
        return
    for passage_id in passage_ids:
        try:
            passage = text.passage(passage_id)
        except UnknownPassageError as error:
            raise click.BadParameter(str(error), param_hint="PASSAGE_ID") from None
        click.echo(f"[{passage.id}] {passage.text}")


if __name__ == "__main__":  # pragma: no cover
    main()
