"""A two-page printable hand-out (A4 landscape PDF): the slide's finding, then questions with
room to write and a glossary.

Page 1 is :func:`wardilemma.figures.slide.slide_figure` at A4 size (its message and numbers
measured in the runs). Page 2 asks the class to predict, read, explain and judge, with ruled
lines to write on, and explains the words the model uses. Matplotlib's PdfPages writes it:
no other dependency. Illustrative model, not a forecast.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from wardilemma.analysis.finding import SlideFinding, slide_finding
from wardilemma.atomic import atomic_path
from wardilemma.figures.slide import slide_figure
from wardilemma.results import ILLUSTRATIVE, Results

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["A4_PIXELS", "GLOSSARY", "handout_questions", "make_handout", "questions_page"]

#: A4 landscape at 100 dpi: 11.69 x 8.27 inches.
A4_PIXELS = (1169, 827)

#: The words a class meets, in plain language (the page's glossary).
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Stock", "an amount that accumulates over time, like water in a bath: soldiers, "
     "veterans at home, savings, the reserve fund, discontent."),
    ("Flow", "what fills or drains a stock each month: recruits signing on, veterans "
     "coming home, discontent rising and fading."),
    ("Aspiration", "the standard of living people have come to expect. It rises quickly "
     "with consumption and falls slowly."),
    ("Relative deprivation", "consumption below aspiration, as a share of aspiration: "
     "the gap between what people have and what they expect."),
    ("Discontent index", "0 is calm, 1 extreme; 0.40 means the pressure of grievances is "
     "strong enough to hold two fifths of the way to the extreme, not that 40 % of people "
     "protest."),
    ("Tipping point", "the national discontent above which nationalist support grows "
     "faster than repression and decay remove it."),
    ("Scenario", "one set of assumptions and decisions, written in a TOML file; "
     "the model turns it into paths over time."),
)  # fmt: skip


def handout_questions(f: SlideFinding) -> list[str]:
    """The page's questions, naming the two scenarios of the finding."""
    ref, alt = f.reference, f.alternative
    return [
        f"Predict before you read the figure: which path, {ref} or {alt}, leaves the "
        "provinces more discontented two years on? Why do you think so?",
        f"Read the left panel: in which years is {alt} the more discontented path, and how "
        "far above the other does it get at most?",
        "Read the right panel: what is relative deprivation, and why can a fall from a boom "
        "hurt more than never having boomed?",
        f"Name two things that would make {alt} less dangerous for the regime. What would "
        "each cost, and who would pay?",
        "Which number in this model is an assumption rather than a fact? How could a "
        "different value change the answer?",
    ]


def questions_page(f: SlideFinding, *, size: tuple[int, int] = A4_PIXELS) -> Figure:
    """Page 2: the questions with ruled lines to write on, and the glossary."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    fig.text(0.04, 0.96, "Questions", fontsize=20, fontweight="bold", va="top")
    fig.text(0.96, 0.96, ILLUSTRATIVE, fontsize=12, fontweight="bold", color="#B00020",
             ha="right", va="top")  # fmt: skip
    y = 0.91
    for k, q in enumerate(handout_questions(f), start=1):
        text = textwrap.fill(f"{k}. {q}", 74)
        fig.text(0.04, y, text, fontsize=12, va="top")
        y -= 0.028 * (text.count("\n") + 1) + 0.012
        for _ in range(3):  # room to write
            y -= 0.028
            fig.add_artist(plt.Line2D([0.05, 0.61], [y, y], color="0.7", lw=0.8))
        y -= 0.02
    fig.text(0.655, 0.9, "Words the model uses", fontsize=14, fontweight="bold", va="top")
    y = 0.855
    for word, meaning in GLOSSARY:
        text = textwrap.fill(meaning, 52)
        fig.text(0.655, y, word, fontsize=11, fontweight="bold", va="top")
        fig.text(0.655, y - 0.026, text, fontsize=10, va="top")
        y -= 0.026 + 0.0235 * (text.count("\n") + 1) + 0.014
    fig.text(0.04, 0.012, "wardilemma: a system-dynamics teaching model of the war-economy "
             "dilemma (after Ian Garner, Foreign Policy, 2025). " + ILLUSTRATIVE + ".",
             fontsize=10, color="0.3")  # fmt: skip
    return fig


def make_handout(runs: tuple[Results, Results], out: str | Path) -> tuple[Path, SlideFinding]:
    """Write the two-page hand-out for a reference and an alternative run (PDF, atomically).

    Raises
    ------
    ValueError
        When the runs cannot be compared (see :func:`slide_finding`).
    OSError
        When the file cannot be written.
    """
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    finding = slide_finding(*runs)
    pages = [slide_figure(*runs, size=A4_PIXELS), questions_page(finding)]
    try:
        with atomic_path(out) as tmp, PdfPages(tmp) as pdf:
            info = pdf.infodict()
            info["Title"] = f"Hand-out: {finding.message}"
            info["Subject"] = ILLUSTRATIVE
            for fig in pages:
                pdf.savefig(fig)
    finally:
        for fig in pages:
            plt.close(fig)
    return Path(out), finding
