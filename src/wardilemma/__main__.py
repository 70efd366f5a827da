"""``python -m wardilemma``: the command line (:mod:`wardilemma.cli`)."""

from wardilemma.cli import main

if __name__ == "__main__":
    main(prog_name="wardilemma")
