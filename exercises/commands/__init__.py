"""The ``elysara`` subcommands over the exercises: thin click glue, one module per command.

Listed once in :data:`elysara.cli.COMMANDS`; each parses options, calls one
function of another room and turns its outcome into messages and an exit status.
"""
