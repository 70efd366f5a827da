"""A hand-out: one self-contained HTML file for students (``wardilemma report``).

About 450 lines: one small function per section of the page (none over 80 lines), used by
no other module; :func:`build_report` puts them in one :class:`ReportContext`.

The report runs the scenarios and puts on one page, top to bottom: the caveat
"Illustrative model, not a forecast", the question, the scenarios and what each changes
against the baseline (the model defaults, which ``scenarios/baseline.toml`` spells out),
the one-message slide of the first two scenarios (:mod:`wardilemma.figures.slide`), the full
dashboard, the key metrics, the robustness of the finding under uncertainty (a paired Monte
Carlo when :mod:`wardilemma.analysis.uncertainty` is installed), and the model's assumptions with
their sources, read from the model declarations (the one source of truth).

Figures are inline SVG; there is no external CSS, script, font or image, so the file opens
anywhere without a network. The page is a Jinja2 template shipped with the package
(``templates/report.html.j2``); Jinja2 comes with the optional extra ``wardilemma[report]``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wardilemma.errors import InputError
from wardilemma.metrics import KEY_METRICS
from wardilemma.results import ILLUSTRATIVE, Results

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from wardilemma.analysis.fit.posterior import Posterior
    from wardilemma.scenario import Scenario
    from wardilemma.tables import Table

__all__ = [
    "REPORT_EXTRA",
    "ReportError",
    "Robustness",
    "assumption_rows",
    "build_report",
    "render_report",
    "write_report",
]

#: How to install what the report needs.
REPORT_EXTRA = "pip install 'wardilemma[report]'"

#: The question every report asks (the thesis of the article, as a question).
QUESTION = (
    "A regime has turned its economy into a war economy: bonuses and front pay pour money "
    "into poor provinces, where consumption and expectations boom. Is a sudden peace, which "
    "cuts that money at once and sends the soldiers home, more dangerous for the regime than "
    "letting the war go on, and for how long?"
)

#: The model's whole name for the source field of an unsourced choice.
ASSUMPTION = "assumption"


class ReportError(InputError, ValueError):
    """The report cannot be built (too few scenarios, Jinja2 missing...)."""


@dataclass(frozen=True)
class Robustness:
    """The robustness section: how often the finding holds across uncertain parameters.

    Attributes
    ----------
    available
        False when the uncertainty module is not installed (the section says so).
    note
        One paragraph: what was run, or why nothing was.
    rows
        ``(claim, share text, interval text)`` rows.
    members
        Ensemble size.
    figure_svg
        Inline SVG of the share of members in which each scenario is the more discontented,
        month by month (empty when not available).
    """

    available: bool
    note: str
    rows: tuple[tuple[str, str, str], ...] = ()
    members: int = 0
    figure_svg: str = ""


@dataclass(frozen=True)
class AssumptionRow:
    """One declared parameter or graphical function, as the report lists it."""

    name: str
    kind: str
    value: str
    units: str
    meaning: str
    source: str
    sourced: bool
    uncertain: str = ""


@dataclass(frozen=True)
class ReportContext:
    """Everything the template shows (built by :func:`build_report`)."""

    title: str
    caveat: str
    question: str
    scenarios: tuple[dict[str, str], ...]
    differences: Table
    slide_svg: str
    slide_headline: str
    slide_lines: tuple[str, ...]
    questions: tuple[str, ...]
    glossary: tuple[tuple[str, str], ...]
    dashboard_svg: str
    metrics: Table
    reference: str
    robustness: Robustness
    assumptions: tuple[tuple[str, tuple[AssumptionRow, ...]], ...]
    version: str
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------- pieces


def figure_svg(fig: Figure, prefix: str = "fig") -> str:
    """A figure as an inline ``<svg>`` element: no XML prolog, no metadata block, text as
    paths (no fonts needed), every ``id`` prefixed so several figures share a page."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "wardilemma"}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches=None)
    text = buf.getvalue()
    start = text.index("<svg")
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", text[start:], flags=re.DOTALL)
    svg = re.sub(r'(\bid="|href="#|url\(#)([^")]+)', rf"\g<1>{prefix}-\g<2>", svg)
    # Scale with the page: keep the viewBox, let CSS set the width.
    svg = re.sub(r'<svg([^>]*?)\swidth="[^"]*"\s+height="[^"]*"', r"<svg\1", svg, count=1)
    return svg.strip()


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


def _default_text(default: Any) -> str:
    if isinstance(default, dict):
        return "; ".join(f"{r} {_number(float(v))}" for r, v in default.items())
    return _number(float(default))


def assumption_rows() -> tuple[tuple[str, tuple[AssumptionRow, ...]], ...]:
    """The model's parameters and graphical functions, by sector, with value and source.

    Read from the declarations in :mod:`wardilemma.model` (nothing is copied by hand). A row
    is ``sourced`` when its source names a public figure or the article rather than
    "assumption".
    """
    from wardilemma.model import WAR_ECONOMY, Lookup, Parameter

    out = []
    for sector in WAR_ECONOMY.sectors:
        rows = []
        for el in sector.elements:
            if isinstance(el, Parameter):
                value, units = _default_text(el.default), el.units
                kind = "lever" if el.lever else "parameter"
                uncertain = (
                    f"{_number(el.uncertain[0])} to {_number(el.uncertain[1])}"
                    if el.uncertain
                    else ""
                )
            elif isinstance(el, Lookup):
                value = ", ".join(f"({_number(x)}, {_number(y)})" for x, y in el.points)
                units, kind, uncertain = f"{el.x_units} -> {el.y_units}", "graphical", ""
            else:
                continue
            source = el.source.strip()
            sourced = not source.lower().startswith(ASSUMPTION)
            rows.append(
                AssumptionRow(el.name, kind, value, units, el.doc, source, sourced, uncertain)
            )
        if rows:
            out.append((sector.title, tuple(rows)))
    return tuple(out)


def _robustness_unavailable(reason: str) -> Robustness:
    return Robustness(
        available=False,
        note=(
            "Robustness under uncertainty is not part of this report: " + reason + " The "
            "figures above are single runs with every parameter at its central value; "
            "how often the finding holds when the disputed figures and weakly grounded "
            "links vary is the question a Monte Carlo answers."
        ),
    )


#: Seed and sampler of the report's Monte Carlo (stated on the page; same page every time).
ROBUSTNESS_SEED = 1
ROBUSTNESS_SAMPLER = "lhs"


def _metric_text(spec: str) -> str:
    """``"peak_discontent[provinces]"`` -> ``"Peak discontent (provinces)"``; joint claims
    joined with "and"."""
    from wardilemma.analysis.uncertainty.analysis import JOINT
    from wardilemma.metrics import METRICS

    parts = []
    for part in spec.split(JOINT):
        name, _, region = part.partition("[")
        label = METRICS[name].label if name in METRICS else name
        parts.append(f"{label} ({region.rstrip(']')})" if region else label)
    return " and ".join(parts)


def _percent(x: float) -> str:
    return f"{100 * x:.0f} %"


def default_robustness(
    scenarios: Sequence[Scenario], members: int, posterior: Posterior | None = None
) -> Robustness:
    """The robustness section: a paired Monte Carlo (common random numbers) of the first
    scenario against each other one, through :mod:`wardilemma.analysis.uncertainty`.

    Every member draws the uncertain parameters of the scenarios' ``[uncertainty]`` tables
    (Latin hypercube, seed :data:`ROBUSTNESS_SEED`); both scenarios run on the same draws, and
    each row is the share of members in which the other scenario exceeds the reference
    (:func:`wardilemma.analysis.uncertainty.analysis.paired_shares`, one definition). Without the
    uncertainty module, or without ``[uncertainty]`` tables, the section says why it is empty.
    With a fit's ``posterior``, the parameters it covers are drawn from it instead
    (:func:`~wardilemma.analysis.fit.posterior.posterior_draws`).
    """
    if members <= 0:
        return _robustness_unavailable("it was switched off (members = 0).")
    try:
        import matplotlib.pyplot as plt

        from wardilemma.analysis.uncertainty import UncertaintyError, draw, run_ensemble
        from wardilemma.analysis.uncertainty.analysis import paired_shares, share_over_time
        from wardilemma.analysis.uncertainty.worlds import draw_worlds
        from wardilemma.figures.uncertainty import share_figure
    except ImportError:
        return _robustness_unavailable(
            "the uncertainty module (wardilemma.analysis.uncertainty, behind the Monte Carlo "
            "commands) is not part of this installation."
        )
    usable, left_out = [], []
    for i, sc in enumerate(scenarios):  # a scenario whose table cannot be drawn is left out
        try:
            draw([sc], 1, seed=ROBUSTNESS_SEED).parameters(sc)
        except UncertaintyError as exc:
            if i == 0:
                return _robustness_unavailable(f"the Monte Carlo could not run: {exc}.")
            left_out.append(f"{sc.name} ({exc})")
        else:
            usable.append(sc)
    if len(usable) < 2:
        return _robustness_unavailable(
            "no scenario besides the reference can be drawn: " + "; ".join(left_out) + "."
        )
    try:
        draws = draw_worlds(usable, members, seed=ROBUSTNESS_SEED, sampler=ROBUSTNESS_SAMPLER,
                            posterior=posterior)  # fmt: skip
        ensembles = [run_ensemble(sc, draws, record=("discontent",)) for sc in usable]
    except UncertaintyError as exc:
        return _robustness_unavailable(f"the Monte Carlo could not run: {exc}.")
    reference = ensembles[0]
    rows = []
    over_time = []
    for other in ensembles[1:]:
        for share in paired_shares(reference, other):
            claim = f"{_metric_text(share.metric)}: higher under {other.scenario}"
            if share.ties:
                claim += f" (equal in {share.ties} members)"
            count = f"{_percent(share.share)} ({share.count} of {share.n})"
            rows.append((claim, count, f"{_percent(share.low)} to {_percent(share.high)}"))
        over_time.append(share_over_time(reference, other, "discontent[provinces]"))
    fig = share_figure(over_time)
    try:
        svg = figure_svg(fig, "robustness")
    finally:
        plt.close(fig)
    names = ", ".join(draws.names)
    note = (
        f"{members} paired runs per scenario: each run draws every uncertain parameter of "
        f"the scenarios' [uncertainty] tables ({names}) by Latin hypercube sampling "
        f"(seed {ROBUSTNESS_SEED}), and every scenario runs on the same draws, so each row "
        f"compares the same world under two policies. Each row is the share of runs in "
        f"which the scenario named exceeds the reference, {reference.scenario}."
    )
    if posterior is not None:
        fitted = ", ".join(sorted(getattr(draws, "posterior", {})))
        note += (
            f" The parameters the fit to the public record covers ({fitted}) are drawn from "
            f"its posterior ({posterior.path}) instead of the priors."
        )
    if left_out:
        note += " Left out of the Monte Carlo: " + "; ".join(left_out) + "."
    return Robustness(True, note, tuple(rows), members, svg)


def _scenario_rows(scenarios: Sequence[Scenario], labels: Sequence[str]) -> tuple:
    rows = []
    for label, sc in zip(labels, scenarios, strict=True):
        rows.append(
            {
                "label": label,
                "file": sc.path.name if sc.path else "",
                "description": sc.description,
                "sha256": sc.sha256[:12],
                "extends": " -> ".join(p.name for p in sc.files[:-1]) if sc.files else "",
            }
        )
    return tuple(rows)


def _baseline_differences(scenarios: Sequence[Scenario], labels: Sequence[str]) -> Table:
    """Parameters and levers on which any scenario differs from the baseline (the model
    defaults), with the baseline value in its own column."""
    from wardilemma.scenario import Scenario
    from wardilemma.tables import Table, parameter_differences

    baseline = Scenario(name="baseline")
    table = parameter_differences([baseline, *scenarios], labels=["baseline", *labels])
    columns = ("parameter", "units", "baseline", *labels)
    rows = tuple((r[0], r[1], *r[3:]) for r in table.rows)  # "model default" == baseline
    title = "What each scenario changes against the baseline (the model defaults)"
    return Table(title, columns, rows)


# ---------------------------------------------------------------------- the report


def build_report(
    paths: Sequence[str | Path],
    *,
    months: int | None = None,
    members: int = 200,
    robustness: Callable[[Sequence[Scenario], int], Robustness] | None = None,
    posterior: Posterior | None = None,
) -> ReportContext:
    """Run the scenarios and gather what the report shows.

    Parameters
    ----------
    paths
        Two or more scenario files. The first is the reference of the metrics table and of
        the slide; the slide compares it with the second.
    months
        Run length (default: each scenario's).
    members
        Ensemble size of the robustness section (0 to leave it out).
    robustness
        The function that fills the robustness section (default
        :func:`default_robustness`).
    posterior
        A fit's posterior: every scenario runs with the parameters it covers at their
        posterior median, and the robustness section draws them from it.

    Raises
    ------
    ReportError
        Fewer than two scenarios.
    ScenarioError
        A scenario file is invalid.
    """
    import matplotlib.pyplot as plt

    from wardilemma import __version__
    from wardilemma.analysis.finding import slide_finding
    from wardilemma.engine.run import simulate
    from wardilemma.figures.dashboard import comparison_figure
    from wardilemma.figures.handout import GLOSSARY, handout_questions
    from wardilemma.figures.slide import slide_figure
    from wardilemma.scenario import load_scenario
    from wardilemma.tables import comparison_table, run_labels

    if len(paths) < 2:
        raise ReportError(f"a report compares at least two scenario files, got {len(paths)}")
    scenarios = [load_scenario(p) for p in paths]
    if posterior is not None:
        from wardilemma.analysis.fit.posterior import posterior_scenario

        scenarios = [posterior_scenario(sc, posterior) for sc in scenarios]
    runs: list[Results] = [simulate(sc, months=months) for sc in scenarios]
    labels = run_labels([r.scenario for r in runs])
    finding = slide_finding(runs[0], runs[1], labels=labels[:2])
    figures = []
    try:
        fig = slide_figure(runs[0], runs[1], labels=labels[:2])
        figures.append(fig)
        slide_svg = figure_svg(fig, "slide")
        fig = comparison_figure(runs, labels=labels)
        figures.append(fig)
        dashboard_svg = figure_svg(fig, "dashboard")
    finally:
        for fig in figures:
            plt.close(fig)
    metrics = comparison_table(runs, KEY_METRICS, labels=labels)
    if robustness is None:
        section = default_robustness(scenarios, members, posterior)
    else:
        section = robustness(scenarios, members)
    return ReportContext(
        title="The war-economy dilemma: " + " vs ".join(labels),
        caveat=ILLUSTRATIVE,
        question=QUESTION,
        scenarios=_scenario_rows(scenarios, labels),
        differences=_baseline_differences(scenarios, labels),
        slide_svg=slide_svg,
        slide_headline=finding.headline,
        slide_lines=(finding.subline, finding.casualty_line),
        questions=tuple(handout_questions(finding)),
        glossary=GLOSSARY,
        dashboard_svg=dashboard_svg,
        metrics=metrics,
        reference=labels[0],
        robustness=section,
        assumptions=assumption_rows(),
        version=__version__,
    )


def render_report(context: ReportContext) -> str:
    """The report as one HTML document (the Jinja2 template ``report.html.j2``).

    Raises
    ------
    ReportError
        Jinja2 is not installed.
    """
    try:
        import jinja2
    except ImportError:
        raise ReportError(f"the report needs Jinja2: {REPORT_EXTRA}") from None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wardilemma", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html.j2")
    return template.render(r=context, svg=jinja2.filters.Markup)


def write_report(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    months: int | None = None,
    members: int = 200,
    posterior: Posterior | None = None,
) -> tuple[Path, ReportContext]:
    """Build the report of ``paths`` and write it to ``out`` atomically.

    Returns
    -------
    (Path, ReportContext)
        The file written and what it shows.
    """
    from wardilemma.atomic import write_text

    context = build_report(paths, months=months, members=members, posterior=posterior)
    html = render_report(context)
    return write_text(out, html), context
