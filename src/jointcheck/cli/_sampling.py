"""``jointcheck draw`` and ``jointcheck verify``: the first 随机, from a registry CSV."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from jointcheck.cli._common import (
    COMMANDS,
    EXIT_FOUND,
    EXIT_OK,
    Streams,
    add_registry_options,
)
from jointcheck.cli._files import display_name, read_bytes, read_model, read_text, write_text
from jointcheck.cli._progress import Progress
from jointcheck.errors import InvalidInputError, ModelValidationError
from jointcheck.io import read_registry
from jointcheck.model import OperatingStatus, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import (
    Announcement,
    Draw,
    GeneratorSampler,
    HashSampler,
    check_seed,
    exclude_statuses,
    verify_draw,
)

__all__ = ["add_draw", "add_verify", "load_registry", "parse_rule"]

_XINGAN = "高风险企业不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"

DRAW_EXAMPLES = f"""\
examples:
  jointcheck draw registry.csv --rule "{_XINGAN}" --seed 2023-03-03 --output draw.json
  jointcheck draw registry.csv --rule "总体不低于3%" --seed "$(cat seed.txt)" > draw.json
  jointcheck draw registry.csv --rule @rule.json --seed S --exclude-status DEREGISTERED

registry CSV: UTF-8, a header line, then one subject per line, e.g.
  code,tier,jurisdiction
  91152201MA0N000017,D,152201
  91152201MA0N00002X,较高风险,152202
columns: code (统一社会信用代码 or 15-digit 注册号) and tier (A/B/C/D, 低风险/一般风险/
较高风险/高风险, 无风险等级 or UNRATED) are required; jurisdiction, kind (ENTERPRISE, 个体工商户…)
and status (OPERATING, 注销…) are optional. A bad row stops with FILE:LINE: and the reason.

--rule is the phrase as the notice prints it, a SamplingRule as JSON, or @FILE holding
either. The draw is written as JSON (the audit record); 'jointcheck verify' recomputes it.
"""

VERIFY_EXAMPLES = """\
examples:
  jointcheck verify draw.json registry.csv --announcement announcement.json
  jointcheck draw registry.csv --rule "10%" --seed S | jointcheck verify - registry.csv \\
      --allow-unbound-seed

A draw's seed must come from the published announcement's ceremony; without
--announcement it is reported as UNBOUND_SEED unless --allow-unbound-seed says the draw is
a simulation.

Prints OK and the draw's digest when the draw reproduces from the registry (exit code 0),
or every violation found (exit code 1). A file that is not a draw at all is bad input
(exit code 2).
"""


def parse_rule(text: str) -> SamplingRule:
    """A rule from its printed phrase, its JSON, or ``@FILE`` holding either."""
    source = "--rule"
    if text.startswith("@"):
        source = text[1:]
        text = read_text(source, what="rule file")
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            return SamplingRule.model_validate_json(stripped)
        except ModelValidationError as exc:
            raise InvalidInputError(
                f"{source}: not a valid SamplingRule JSON: {exc.message}",
                field="rule",
                value=stripped[:200],
            ) from None
    return SamplingRule.parse(stripped)


def _statuses(values: list[str]) -> tuple[OperatingStatus, ...]:
    found: list[OperatingStatus] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                found.append(OperatingStatus.parse(part))
    return tuple(dict.fromkeys(found))


def load_registry(path: str, args: argparse.Namespace, streams: Streams) -> Population:
    """The registry CSV at ``path``, read with the command's registry options."""
    data = read_bytes(path, what="registry")
    progress = Progress(streams.err, flag=args.progress)
    return read_registry(
        data,
        name=display_name(path),
        progress=progress,
        encoding=args.encoding,
        lenient_check_character=args.lenient_check_character,
        ignore_unknown_columns=args.ignore_unknown_columns,
    )


def _indent(text: str) -> str:
    return textwrap.indent(text, "  ")


def _run_draw(args: argparse.Namespace, streams: Streams) -> int:
    # Cheap inputs first, so a typo does not wait for ten million rows.
    rule = parse_rule(args.rule)
    seed = check_seed(args.seed)
    statuses = _statuses(args.exclude_status)
    population = load_registry(args.registry, args, streams)
    progress = Progress(streams.err, flag=args.progress)
    progress.decide(len(population))
    exclude = (exclude_statuses(population, statuses),) if statuses else ()
    sampler: Any = GeneratorSampler() if args.sampler == "generator" else HashSampler()
    with progress.step(f"drawing from {len(population):,} subjects"):
        draw = sampler.draw(population, rule, seed=seed, exclude=exclude, waitlist=args.waitlist)
    text = draw.model_dump_json(indent=2) + "\n"
    for line in draw.quotas.warnings():
        streams.err.write(f"warning: {line}\n")
    if args.output is None or args.output == "-":
        write_text(None, text, out=streams.out, what="draw")
        return EXIT_OK
    write_text(args.output, text, out=streams.out, what="draw")
    out = streams.out
    out.write(draw.summary() + "\n")
    out.write("quotas:\n" + _indent(draw.quotas.explain()) + "\n")
    if draw.exclusions:
        excluded = sum(len(e.codes) for e in draw.exclusions)
        out.write(
            f"excluded before the draw: {excluded:,} ({', '.join(s.value for s in statuses)})\n"
        )
    count = len(draw.selected)
    out.write(
        f"selected {count:,} subject{'s' if count != 1 else ''}; draw digest {draw.digest()}\n"
    )
    if args.sampler == "generator":
        out.write(
            "note: numpy-generator-v1 is for simulations; only the same numpy version "
            f"({draw.numpy_version}) reproduces it. Use the default hash sampler for a legal draw.\n"
        )
    out.write(f"written to {args.output}\n")
    return EXIT_OK


def _run_verify(args: argparse.Namespace, streams: Streams) -> int:
    draw = read_model(args.draw, Draw, what="draw")
    announcement = (
        None
        if args.announcement is None
        else read_model(args.announcement, Announcement, what="announcement")
    )
    population = load_registry(args.registry, args, streams)
    progress = Progress(streams.err, flag=args.progress)
    progress.decide(len(population))
    with progress.step(f"recomputing the draw from {len(population):,} subjects"):
        violations = verify_draw(
            draw,
            population,
            announcement=announcement,
            allow_unbound_seed=args.allow_unbound_seed,
        )
    out = streams.out
    registry = display_name(args.registry)
    if not violations:
        out.write(f"OK: the draw reproduces from {registry}\n")
        out.write(f"  draw digest        {draw.digest()}\n")
        out.write(f"  population digest  {draw.population_digest} ({len(population):,} subjects)\n")
        out.write(
            f"  {draw.algorithm}, seed {draw.seed!r}: {len(draw.selected):,} selected, "
            f"{len(draw.replacements)} replacement(s)\n"
        )
        return EXIT_OK
    count = len(violations)
    out.write(
        f"FAILED: {count} violation{'s' if count != 1 else ''} of the draw against {registry}\n"
    )
    for violation in violations:
        out.write(f"  {violation}\n")
    return EXIT_FOUND


def add_draw(commands: Any, streams: Streams) -> None:
    """The ``draw`` subcommand."""
    parser = commands.add_parser(
        "draw",
        streams=streams,
        help=COMMANDS["draw"].help,
        description="Draw subjects (随机抽取检查对象) from a registry CSV by a sampling rule "
        "and a seed; write the draw as JSON.",
        epilog=DRAW_EXAMPLES,
    )
    parser.add_argument("registry", metavar="REGISTRY.csv", help="the registry (- for stdin)")
    parser.add_argument("--rule", required=True, help="the sampling rule (phrase, JSON or @FILE)")
    parser.add_argument("--seed", required=True, help="the published seed (text)")
    parser.add_argument(
        "--sampler",
        choices=("hash", "generator"),
        default="hash",
        help="hash (default, jointcheck-hash-v1, the verifiable draw) or generator "
        "(numpy, for simulations)",
    )
    parser.add_argument(
        "--waitlist",
        type=int,
        default=None,
        metavar="N",
        help="waitlist length per tier (default: a tenth of the quota, at least 5)",
    )
    parser.add_argument(
        "--exclude-status",
        action="append",
        default=[],
        metavar="STATUS",
        help="leave out subjects with this status before the draw (repeatable or "
        "comma-separated: DEREGISTERED, REVOKED, CANCELLED, MOVED_OUT, SUSPENDED or 注销…)",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the draw here and print a summary"
    )
    add_registry_options(parser)
    parser.set_defaults(run=_run_draw)


def add_verify(commands: Any, streams: Streams) -> None:
    """The ``verify`` subcommand."""
    parser = commands.add_parser(
        "verify",
        streams=streams,
        help=COMMANDS["verify"].help,
        description="Recompute a draw (JSON) from the registry CSV and report every violation.",
        epilog=VERIFY_EXAMPLES,
    )
    parser.add_argument("draw", metavar="DRAW.json", help="the draw record (- for stdin)")
    parser.add_argument("registry", metavar="REGISTRY.csv", help="the registry it came from")
    parser.add_argument(
        "--announcement",
        metavar="FILE",
        help="the published announcement (JSON) the draw's seed was derived from",
    )
    parser.add_argument(
        "--allow-unbound-seed",
        action="store_true",
        help="accept a seed with no announcement (a simulation, never a legal draw)",
    )
    add_registry_options(parser)
    parser.set_defaults(run=_run_verify)
