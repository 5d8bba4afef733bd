"""``python -m jointcheck``: the command line."""

from jointcheck.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
