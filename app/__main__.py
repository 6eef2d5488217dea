"""`python -m app` behaves like the `consortium` command."""

from app.launcher import main

if __name__ == "__main__":
    raise SystemExit(main())
