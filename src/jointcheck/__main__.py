"""``python -m jointcheck`` and the ``jointcheck`` console script: the command line."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> int:
    """Run the command line; Ctrl-C even while it starts exits 130 without a traceback."""
    try:
        from jointcheck.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("jointcheck: interrupted\n")
        return 130
    return run()


if __name__ == "__main__":
    raise SystemExit(main())
