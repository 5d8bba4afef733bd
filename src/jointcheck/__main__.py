"""``python -m jointcheck`` and the ``jointcheck`` console script: the command line."""

from jointcheck.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
