"""The `autodiff-course` command: one sub-command per job a learner or instructor runs."""

from __future__ import annotations

import argparse
import sys


def _cmd_check(args: argparse.Namespace) -> int:
    from course_lib.seeds import run_all

    return 0 if run_all(verbose=True) else 1


def build_parser() -> argparse.ArgumentParser:
    from course_lib import __version__

    parser = argparse.ArgumentParser(
        prog="autodiff-course",
        description="Derivatives and automatic differentiation: the course's command line.",
    )
    parser.add_argument("--version", action="version", version=f"autodiff-course {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="run every code example from the seed texts and print it")
    check.set_defaults(func=_cmd_check)
    try:  # the instructor's commands live with the grading package
        from course_lib.grading.cli import add_subcommands
    except ImportError:
        pass
    else:
        add_subcommands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
