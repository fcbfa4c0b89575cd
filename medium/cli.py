"""The `medium` console script: parse the verb, resolve the configuration, run, and turn
every failure a user can cause into one sentence on stderr with exit status 2."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from medium import __version__
from medium.verbs import INSTALL_HINT, PLUGGED_IN, verb_modules
from storage.config import resolve
from storage.errors import UserError

OUR_PACKAGES = ("storage", "crawler", "classifier", "analysis", "medium", "sampleworld", "medium_demo")
USER_ERROR_STATUS = 2
INTERRUPTED_STATUS = 130  # the shell's status of a command stopped by Ctrl-C


def add_global_options(parser: argparse.ArgumentParser, default=None) -> None:
    """--home, --db and -v: before the verb (`medium -v status`) and, with `default` SUPPRESS so
    that only a flag given there counts, after it (`medium status -v`)."""
    parser.add_argument("--home", default=default, help="data folder (default: $MEDIUM_HOME or ./data)")
    parser.add_argument("--db", default=default, help="SQLAlchemy URL of the status database (default: "
                        "$MEDIUM_DB_URL or sqlite:///HOME/medium.db)")
    parser.add_argument("-v", "--verbose", action="store_true", default=False if default is None else default,
                        help="log debug messages, and TensorFlow's start-up notices")


class VerbParser(argparse.ArgumentParser):
    """A verb's parser: flags may come after positionals (`predict RUN FILE --json`), and so
    may the global options.

    Verbs with actions of their own (`sample-world build`) parse as usual, since argparse's
    intermixed parsing refuses sub-commands; their actions get this class again.
    """

    _parsing = False
    intermixed = True  # False: take the rest of the line as it is (a verb that is not installed)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        add_global_options(self, default=argparse.SUPPRESS)

    def parse_known_args(self, args=None, namespace=None):
        has_actions = any(isinstance(action, argparse._SubParsersAction) for action in self._actions)
        if self._parsing or has_actions or not self.intermixed:
            return super().parse_known_args(args, namespace)
        self._parsing = True  # parse_known_intermixed_args calls back into this method
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._parsing = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medium",
        description="Crawl artworks, train a CNN that tells their medium and mood, and explain it.",
    )
    add_global_options(parser)
    parser.add_argument("--version", action="version", version=f"medium {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True, parser_class=VerbParser)
    for module in verb_modules():
        sub = verbs.add_parser(
            module.NAME,
            help=module.HELP,
            description=module.HELP,
            epilog=f"example:\n  {module.EXAMPLE}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    for name, provider in PLUGGED_IN.items():
        if name not in verbs.choices:  # say where it comes from rather than "invalid choice"
            absent = verbs.add_parser(name, help=f"(needs {provider}: {INSTALL_HINT})", add_help=False)
            absent.intermixed = False
            absent.add_argument("rest", nargs=argparse.REMAINDER)
            absent.set_defaults(run=_missing(name, provider))
    return parser


def _missing(verb: str, provider: str):
    def run(args, config):
        raise UserError(f"`medium {verb}` comes with {provider}, which is not installed; {INSTALL_HINT}")

    return run


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for package in OUR_PACKAGES:
        logging.getLogger(package).setLevel(logging.DEBUG if args.verbose else logging.INFO)
    try:
        config = resolve(home=args.home, db_url=args.db)
        status = args.run(args, config) or 0
        sys.stdout.flush()  # a closed pipe shows here, inside the boundary
        return status
    except UserError as error:
        return _fail(args.verb, str(error))
    except BrokenPipeError:
        _silence_stdout()
        return USER_ERROR_STATUS
    except OSError as error:
        return _fail(args.verb, _os_error_sentence(error))
    except KeyboardInterrupt as interrupt:  # an `Interrupted` says how to go on
        print(f"medium {args.verb}: interrupted" + (f"; {interrupt}" if str(interrupt) else ""), file=sys.stderr)
        if "tensorflow" in sys.modules:
            _leave_now(INTERRUPTED_STATUS)
        return INTERRUPTED_STATUS


def _fail(verb: str, sentence: str) -> int:
    print(f"medium {verb}: {sentence}", file=sys.stderr)
    return USER_ERROR_STATUS


def _os_error_sentence(error: OSError) -> str:
    """An OS error on a path the user gave, as a sentence that names the path."""
    reason = error.strerror or type(error).__name__
    return f"cannot use {error.filename}: {reason}" if error.filename else f"a system call failed: {reason}"


def _leave_now(status: int) -> None:
    """Exit at once after a Ctrl-C: the verb has put its own state in order (a training run
    is marked for resuming, its files are written whole), and TensorFlow's teardown at
    interpreter exit (its thread pools and tf.data iterators) would keep the user waiting
    for seconds more."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to say there
            pass
    logging.shutdown()
    os._exit(status)


def _silence_stdout() -> None:
    """Python's recipe for a reader that went away (`medium status | head -2`): point stdout
    at devnull so the flush at exit does not raise a second BrokenPipeError."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
