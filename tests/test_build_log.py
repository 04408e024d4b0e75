"""Reading a build's log: Sphinx's warnings count, the kernel's own logging does not."""

from pathlib import Path

from elysara.book import BuildResult


def test_sphinx_warnings_and_errors_are_found_and_kernel_logging_is_not():
    log = "\n".join([
        "/book/reading.md:3: WARNING: undefined label: 'passage-p9'",
        "WARNING: toctree contains reference to nonexisting document 'book/missing'",
        "/book/essays/x.md: ERROR: Unknown directive type \"exercise-sett\".",
        "ERROR:tornado.general:Uncaught exception in ZMQStream callback",
        "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.",
        "reading sources... [ 50%] book/reading",
    ])
    result = BuildResult(returncode=1, log=log, html_dir=Path("."))
    assert result.warnings == log.splitlines()[:3]
    assert not result.ok
