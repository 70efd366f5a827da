"""Command ``explain``: why B differs from A, channel by channel.

Calls :func:`wardilemma.analysis.explain.explain` and writes its files with
:func:`wardilemma.figures.explain.write_explanation`. Exit codes: 0 success; 1 a run or a
write failed; 2 usage or validation error (invalid scenario file, unknown metric or channel:
nothing is written).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pragma: no cover
    from wardilemma.analysis.fit.posterior import Posterior

from wardilemma.cli.options import POSTERIOR_DRAWS, ScenarioFile, out_option, posterior_option
from wardilemma.text import ILLUSTRATIVE


@click.command()
@click.argument("a", type=ScenarioFile())
@click.argument("b", type=ScenarioFile())
@click.option("--metric", default="peak_discontent[provinces]", show_default=True,
              help="The metric explained: a name of `wardilemma run`'s metrics.json, "
              "name[region] for one region.")  # fmt: skip
@click.option("--channel", "channels", multiple=True, metavar="NAME",
              help="Attribute to these channels only (repeat; default: all).")  # fmt: skip
@click.option("--ensemble", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worlds drawn from the scenarios' [uncertainty] tables (the same for A and "
              "B) for the spread of each channel's share.")  # fmt: skip
@posterior_option("With --ensemble: " + POSTERIOR_DRAWS[0].lower() + POSTERIOR_DRAWS[1:])
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Seed of the draws (default: A's [simulation] seed, else 0).")  # fmt: skip
@out_option(default="out/explain")
def explain(
    a: str,
    b: str,
    metric: str,
    channels: tuple[str, ...],
    ensemble: int,
    posterior: Posterior | None,
    seed: int | None,
    out: Path,
) -> None:
    """Attribute the difference in a metric between scenarios A and B (B minus A) to the
    channels of discontent (explain.json, explain.png, explain_over_time.png, explain.txt).

    Each channel (relative deprivation, veterans, war weariness, inflation pain, the young
    men who missed the boat) is held at its value on path A in every combination, as one
    ensemble run of B; the exact Shapley value of each is its contribution, and the
    contributions sum to the gap. Illustrative model, not a forecast.
    """
    from wardilemma.analysis.explain import explain as attribute
    from wardilemma.figures.explain import write_explanation
    from wardilemma.scenario import load_scenario

    result = attribute(load_scenario(a), load_scenario(b), metric=metric, ensemble=ensemble,
                       seed=seed, posterior=posterior, channels=channels)  # fmt: skip
    click.echo(f"{result.label}: {result.a} {result.value_a:.4g}, {result.b} "
               f"{result.value_b:.4g}, gap {result.gap:+.4g} {result.units}")  # fmt: skip
    shares = result.shares
    for c in result.channels:
        line = (
            f"  {c.label:<40} {result.contributions[c.name]:+.4g}  {100 * shares[c.name]:+5.0f} %"
        )
        if c.name in result.spread and result.spread[c.name].size:
            p5, p50, p95 = (100 * q for q in _percentiles(result.spread[c.name]))
            line += f"  (ensemble median {p50:+.0f} %, 5-95 %: {p5:+.0f} to {p95:+.0f} %)"
        click.echo(line)
    click.echo(f"The contributions sum to the gap exactly (exact Shapley values over "
               f"{2 ** len(result.channels)} combinations); residual {result.residual:.2g} "
               "(what does not go through the channels).")  # fmt: skip
    if result.spread:
        meta = result.metadata
        click.echo(f"Ensemble: {meta['worlds_same_direction']} of {meta['worlds_run']} worlds "
                   f"have a gap in the same direction; shares over {meta['worlds_in_spread']}."
                   )  # fmt: skip
    click.echo(result.sentence())
    for path in write_explanation(result, out):
        click.echo(f"wrote {path}")
    click.echo(f"{result.metadata['seconds']:.1f} s. {ILLUSTRATIVE}.")


def _percentiles(values: object) -> list[float]:
    import numpy as np

    return [float(q) for q in np.percentile(values, [5, 50, 95])]
