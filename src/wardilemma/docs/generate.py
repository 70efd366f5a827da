"""The one writer of generated files: ``wardilemma docs`` (``make docs``).

Every file of the repository that is derived from the model is written here, and nowhere
else, so one command after a model change brings them all up to date:

* ``docs/model.md``, ``docs/parameters.md``: the model and parameter reference
  (:mod:`wardilemma.docs.model_reference`); :func:`write_docs` can also just compare them
  (``--check``);
* ``scenarios/baseline.toml`` (every parameter at its default, commented) and
  ``docs/scenario.schema.json`` (:func:`generated_files`);
* ``docs/baseline.xmile`` (:mod:`wardilemma.export.xmile`);
* ``docs/stock_flow.*`` and ``docs/causal_loops.*`` (:mod:`wardilemma.figures.diagram`);
* ``docs/comparison.png`` (the README figure), ``docs/calibration.png`` (the history beside
  the record), ``docs/slide.png`` (the one-message slide) and the uncertainty figures
  (:mod:`wardilemma.studies.uncertainty`), the loop-dominance figure and the robustness
  of the shipped claims (``docs/claims.png``, ``docs/claims.txt``), the attribution of the
  sudden peace's extra discontent to its channels (``docs/explain.*``) and the exit-policy
  front of the sudden peace (``docs/exit_policy/``);
* with ``--fit`` only (``wardilemma docs --fit``; ``make docs`` runs both), the fit of the
  history to the record run until it converges, and what follows from it
  (:func:`write_fit_files`): ``docs/fit_summary.txt``, ``docs/fit_widths.txt``,
  ``docs/fit_history.png``, the out-of-sample check ``docs/fit_holdout.txt`` and
  ``docs/fit_holdout.png``, and the grounded robustness of the claims
  ``docs/claims_grounded.png``, ``docs/claims_grounded.md``. They take a converged chain
  (about a million model runs, tens of minutes), so the plain ``wardilemma docs`` after a
  model change leaves them, and says so.

Tests compare the committed text files with freshly generated text, so they never write
into the repository.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wardilemma import paths
from wardilemma.atomic import write_text
from wardilemma.docs.model_reference import DOCUMENTS
from wardilemma.docs.parameters import baseline_toml
from wardilemma.engine.run import simulate
from wardilemma.export.xmile import export_model
from wardilemma.figures.dashboard import comparison_figure
from wardilemma.figures.diagram import write_diagram
from wardilemma.figures.save import save_and_close
from wardilemma.model import WAR_ECONOMY, Model
from wardilemma.scenario import load_scenario, scenario_schema

__all__ = ["DocsReport", "generate_docs", "generated_files", "write_docs"]


def write_docs(out: Path, *, check: bool = False, model: Model = WAR_ECONOMY) -> list[str]:
    """Write (or, with ``check``, compare) the reference documents under ``out``.

    Returns
    -------
    list of str
        With ``check``: the files that are missing or out of date; otherwise the files
        written.
    """
    touched = []
    for filename, generate in DOCUMENTS.items():
        text = generate(model)
        path = out / filename
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                touched.append(str(path))
        else:
            out.mkdir(parents=True, exist_ok=True)
            write_text(path, text)
            touched.append(str(path))
    return touched


def generated_files(model: Model) -> dict[str, str]:
    """Text files of the repository generated from the model: ``relative path -> text``
    (``docs/parameters.md`` is written with the reference documents)."""
    return {
        "scenarios/baseline.toml": baseline_toml(model),
        "docs/scenario.schema.json": json.dumps(scenario_schema(model), indent=2) + "\n",
    }


def write_generated_files(root: Path) -> list[Path]:
    """Regenerate every other file derived from the model in the repository at ``root``:
    the commented baseline scenario, the JSON Schema, the XMILE export, the diagrams, the
    README figure and the uncertainty figures."""
    from wardilemma.studies.uncertainty import (
        write_docs_figures,  # heavy (Monte Carlo); only here
    )

    docs = root / "docs"
    written = [write_text(root / rel, text) for rel, text in generated_files(WAR_ECONOMY).items()]
    baseline = load_scenario(root / "scenarios" / "baseline.toml")
    written.append(export_model(baseline, docs / "baseline.xmile"))
    for kind, stem in (("stock-flow", "stock_flow"), ("causal", "causal_loops")):
        for ext in ("png", "svg"):
            written.append(write_diagram(docs / f"{stem}.{ext}", kind=kind))
    written.append(write_readme_figure(root))
    written.append(write_calibration_figure(root))
    written.append(write_slide_figure(root))
    written += write_docs_figures(docs)
    written.extend(write_dominance_figure(root))
    written.extend(write_claims_figure(root))
    written.extend(write_explain_figure(root))
    written.extend(write_exit_policy_figure(root))
    return written


#: Sampler runs of the documented fits before their first convergence check, the most they
#: may make, their seed, the members of the grounded claims, and the month the
#: out-of-sample fit stops at.
FIT_RUNS, FIT_MAX_RUNS, FIT_SEED, GROUNDED_MEMBERS = 100_000, 4_000_000, 0, 2000
HOLDOUT_UNTIL = "2024-12"

#: Where the documented fits keep their chains (``chain.npz``), so an interrupted
#: ``wardilemma docs --fit`` continues them (a chain of another model or record starts over).
FIT_CHAINS = Path("out") / "docs_fit"


def _fit_until_converged(
    history: Path, record: Path, folder: Path, until: str | None, max_runs: int
) -> tuple[Any, dict[str, Path]]:
    """The fit of ``history`` to ``record`` run until it converges (or ``max_runs`` are
    spent), continuing the chain kept in ``folder`` when it belongs to this fit; its files
    are written in ``folder``."""
    from wardilemma.analysis.fit.likelihood import FitError
    from wardilemma.analysis.fit.mcmc import Checkpoint
    from wardilemma.analysis.fit.study import CHAIN_FILE, run_fit
    from wardilemma.atomic import ensure_writable_dir
    from wardilemma.figures.fit import write_fit

    ensure_writable_dir(folder)
    common = dict(seed=FIT_SEED, until=until, converge=True, max_runs=max_runs,
                  checkpoint=Checkpoint(folder / CHAIN_FILE))  # fmt: skip
    fit = None
    if (folder / CHAIN_FILE).is_file():
        try:  # checked before any new step: a converged chain is not extended
            fit = run_fit(history, record, runs=0, resume=folder, **common)
        except FitError:  # another model, record or seed: start over
            fit = None
    if fit is None:
        fit = run_fit(history, record, runs=FIT_RUNS, **common)
    return fit, write_fit(fit, folder)


def write_fit_files(root: Path, *, max_runs: int = FIT_MAX_RUNS) -> list[Path]:
    """Fit the shipped history to the shipped record until the chain converges (seed
    :data:`FIT_SEED`; at most ``max_runs`` sampler runs, and the summary says NOT converged
    if they are spent first): its summary, widths and posterior-predictive history; the
    same fit on the record up to :data:`HOLDOUT_UNTIL` and its later predictions
    (``fit_holdout.txt``, ``fit_holdout.png``); the shipped claims over the priors and over
    the posterior (:data:`GROUNDED_MEMBERS` members). The chains are kept in
    ``out/docs_fit/`` (:data:`FIT_CHAINS`), so an interrupted run continues them. Needs
    emcee (the ``fit`` extra): without it nothing is written here."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("emcee") is None:
        return []
    import matplotlib

    matplotlib.use("Agg")
    from wardilemma.analysis.claims import load_claims
    from wardilemma.analysis.claims.grounded import grounded_claims
    from wardilemma.analysis.fit.posterior import load_posterior
    from wardilemma.analysis.fit.study import fit_summary
    from wardilemma.figures.claims import write_grounded

    docs = root / "docs"
    history, record = root / "scenarios" / "history.toml", root / "data" / "record.csv"
    chains = root / FIT_CHAINS
    fit, files = _fit_until_converged(history, record, chains / "all", None, max_runs)
    written = [
        write_text(docs / "fit_summary.txt", fit_summary(fit) + "\n"),
        write_text(docs / "fit_widths.txt", files["widths"].read_text()),
        Path(shutil.copyfile(files["history"], docs / "fit_history.png")),
    ]
    posterior = load_posterior(files["posterior"])
    claims = load_claims(root / "claims" / "thesis.toml")
    grounded = grounded_claims(claims, posterior, ensemble=GROUNDED_MEMBERS, seed=0)
    d = fit.chain.diagnostics
    runs = (fit.chain.burn + fit.chain.unit.shape[0]) * fit.chain.unit.shape[1]
    source = (f"the fit of the history to data/record.csv ({runs:,} sampler runs, seed "
              f"{FIT_SEED}, {'converged' if d.converged else 'NOT converged'}; "
              "docs/fit_summary.txt)")  # fmt: skip
    written += list(write_grounded(grounded, docs, source=source).values())
    _, held = _fit_until_converged(history, record, chains / f"until_{HOLDOUT_UNTIL}",
                                   HOLDOUT_UNTIL, max_runs)  # fmt: skip
    written.append(write_text(docs / "fit_holdout.txt", held["holdout_table"].read_text()))
    written.append(Path(shutil.copyfile(held["holdout"], docs / "fit_holdout.png")))
    return written


def write_exit_policy_figure(root: Path) -> list[Path]:
    """The README's exit-policy front: sudden peace, 200 worlds, seed 0, the command's
    defaults (``docs/exit_policy/``: ``front.png``, ``front.csv``, ``front.json``,
    ``exit_policy.toml``, ``summary.txt``); the same as ``wardilemma exit-policy
    scenarios/sudden_peace.toml --seed 0 -o docs/exit_policy``."""
    import matplotlib

    matplotlib.use("Agg")
    from wardilemma.analysis.exit_policy import exit_policy
    from wardilemma.figures.exit_policy import write_exit_policy

    peace = load_scenario(root / "scenarios" / "sudden_peace.toml")
    return write_exit_policy(
        exit_policy(peace, ensemble=200, seed=0), root / "docs" / "exit_policy"
    )


def write_explain_figure(root: Path) -> list[Path]:
    """The README's attribution: war continues against sudden peace, 200 worlds, seed 0
    (``docs/explain.png``, ``docs/explain_over_time.png``, ``docs/explain.json``,
    ``docs/explain.txt``)."""
    import matplotlib

    matplotlib.use("Agg")
    from wardilemma.analysis.explain import explain
    from wardilemma.figures.explain import write_explanation

    war, peace = (
        load_scenario(root / "scenarios" / f"{n}.toml") for n in ("war_continues", "sudden_peace")
    )
    return write_explanation(explain(war, peace, ensemble=200, seed=0), root / "docs")


def write_claims_figure(root: Path) -> list[Path]:
    """The robustness of the shipped claims (``claims/thesis.toml``, 2,000 paired members,
    seed 0): ``docs/claims.png`` and ``docs/claims.txt``."""
    import matplotlib

    matplotlib.use("Agg")
    from wardilemma.analysis.claims import check_claims, claims_table, load_claims
    from wardilemma.figures.claims import claims_figure

    report = check_claims(load_claims(root / "claims" / "thesis.toml"), ensemble=2000, seed=0)
    png = save_and_close(claims_figure(report), root / "docs" / "claims.png",
                         title="Claims of the thesis")  # fmt: skip
    return [png, write_text(root / "docs" / "claims.txt", claims_table(report) + "\n")]


def write_dominance_figure(root: Path) -> list[Path]:
    """The README's loop-dominance figure and phase table (war continues, sudden peace)."""
    import matplotlib

    matplotlib.use("Agg")
    from wardilemma.scenario import load_scenario
    from wardilemma.studies.dominance import write_dominance

    runs = [
        load_scenario(root / "scenarios" / f"{n}.toml") for n in ("war_continues", "sudden_peace")
    ]
    _, paths = write_dominance(runs, root / "docs")
    return list(paths.values())


def write_calibration_figure(root: Path) -> Path:
    """The README's calibration figure: the shipped history beside the record
    (``docs/calibration.png``; ``wardilemma calibration`` draws the same)."""
    import matplotlib

    matplotlib.use("Agg")
    from wardilemma.analysis.calibration import run_calibration
    from wardilemma.figures.calibration import save_calibration_figure

    cal = run_calibration(root / "scenarios" / "history.toml", None)
    return save_calibration_figure(cal, root / "docs" / "calibration.png")


def write_slide_figure(root: Path) -> Path:
    """The README's one-message slide, 1920 x 1080: war continues against sudden peace
    (``docs/slide.png``; ``wardilemma slide`` draws the same)."""
    import matplotlib

    matplotlib.use("Agg")
    from wardilemma.studies.slide import make_slide

    scenarios = root / "scenarios"
    path, _ = make_slide(
        scenarios / "war_continues.toml", scenarios / "sudden_peace.toml",
        root / "docs" / "slide.png",
    )  # fmt: skip
    return path


def write_readme_figure(root: Path) -> Path:
    """The README's figure: war continues against sudden peace (what ``make demo`` draws)."""
    runs = [
        simulate(load_scenario(root / "scenarios" / f"{name}.toml"))
        for name in ("war_continues", "sudden_peace")
    ]
    return save_and_close(comparison_figure(runs), root / "docs" / "comparison.png", runs=runs)


@dataclass(frozen=True)
class DocsReport:
    """What :func:`generate_docs` did: files written, or (``check``) files out of date."""

    written: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def generate_docs(
    out: Path | None = None, *, check: bool = False, fit: bool = False,
    max_runs: int = FIT_MAX_RUNS,
) -> DocsReport:  # fmt: skip
    """Write every generated file but the fit's (``wardilemma docs``), or with ``check``
    list the reference documents that are out of date, or with ``fit`` write only the
    files of the converged fit (:func:`write_fit_files`, at most ``max_runs`` sampler runs
    per fit; ``wardilemma docs --fit``).

    ``out`` (default: the repository's ``docs/``) receives the reference documents; the
    repository's other generated files are rewritten only when ``out`` is its ``docs/``.
    """
    out = out or paths.docs_dir()
    if check:
        return DocsReport(stale=write_docs(out, check=True))
    if fit:
        return DocsReport(
            written=[str(p) for p in write_fit_files(paths.repo_root(), max_runs=max_runs)]
        )
    written = write_docs(out)
    if out.resolve() == paths.docs_dir().resolve():  # the repository's own docs
        written += [str(p) for p in write_generated_files(paths.repo_root())]
    return DocsReport(written=written)
