"""The `warwatch` command line.

Exit codes: 0 everything succeeded; 1 the command ran but some inputs or
documents failed (each named on its own line); 2 a usage, configuration or
database error stopped the command before it did anything.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .errors import InputError, WarwatchError
from .models import Document, Incident
from .reconcile import report_tolls
from .settings import SETTINGS, Settings

if TYPE_CHECKING:
    from .alerts import Rule
    from .errors import ExtractionError
    from .models import Report
    from .store import Store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="warwatch: conflict news in, a sourced incident database out.",
    rich_markup_mode=None,
)
#: Width used when output goes to a file or pipe, where no terminal says how wide to be:
#: wide enough for the incidents table without folding names.
PIPE_WIDTH = 200
out = Console() if sys.stdout.isatty() else Console(width=PIPE_WIDTH)
err = Console(stderr=True) if sys.stderr.isatty() else Console(stderr=True, width=PIPE_WIDTH)

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2

_DB_HELP = next(s.help for s in SETTINGS if s.name == "db") + " [env: WARWATCH_DB]"
DbOpt = Annotated[str | None, typer.Option("--db", help=_DB_HELP, show_default=False)]


def _settings(db: str | None) -> Settings:
    return Settings.from_env(db=db)


def _store(db: str | None) -> Store:
    from .store import Store

    return Store(_settings(db).db)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn warwatch's own errors into one line on stderr and exit code 2."""
    try:
        yield
    except WarwatchError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False, markup=True)
        raise typer.Exit(EXIT_ERROR) from None


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _parse_date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD", param_hint=name) from None


def _ingest(store: Store, paths: list[Path], published: str | None, outlet: str | None, url: str | None) -> int:
    """Store the documents found under paths; returns the number of inputs that failed."""
    from .ingest import Overrides, ReadStats, read_paths

    overrides = Overrides(published=_parse_date(published, "--published"), outlet=outlet, url=url)
    added = present = failed = 0
    stats = ReadStats()
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        for item in read_paths(paths, overrides=overrides, settings=Settings.from_env(), stats=stats):
            if isinstance(item, InputError):
                failed += 1
                err.print(f"[yellow]skipped:[/yellow] {item}", highlight=False)
                store.add_input_failure(item.source, item.reason)
            else:
                a, p = store.add_documents([item])
                added, present = added + a, present + p
            progress.advance(task)
    skipped = f"; {stats.describe()}" if stats.describe() else ""
    err.print(f"ingested {added} new document(s), {present} already stored, {failed} failed{skipped}")
    return failed


#: Analyses documents, one (document, reports or error) per document in any order: the local
#: pipeline's `analyze_many`, or the Dask workers' equivalent.
Analyzer = Callable[[Iterable[Document]], Iterator[tuple[Document, "list[Report] | ExtractionError"]]]


def _claimed(store: Store, worker: str, batch: int) -> Iterator[Document]:
    """Pending documents, claimed from the store a batch at a time as the analyser asks for more."""
    while docs := store.claim(worker, batch):
        yield from docs


def _alert_rules(settings: Settings) -> list[Rule]:
    """The rules of settings.alerts_file (none when it is not set), read before any work, so a bad
    rules file stops the run before it has processed anything."""
    if not settings.alerts_file:
        return []
    from .alerts import load_rules

    return load_rules(Path(settings.alerts_file))


def _alert(store: Store, rules: list[Rule]) -> None:
    """Send the alerts the rules ask for; see warwatch.alerts."""
    if not rules:
        return
    from .alerts import send_alerts

    for line in send_alerts(store, rules).lines():
        err.print(line, highlight=False, markup=False)


def _process(store: Store, settings: Settings, analyze: Analyzer | None = None) -> int:
    """Extract and link every pending document; returns the number that failed.

    Documents are claimed in batches before analysis and each is finished (reports
    saved or failure recorded) in its own transaction, so a run killed at any point
    leaves every document either done or claimed by a dead process; the next run
    takes those back first. Concurrent runs share the queue without overlap.
    """
    from .errors import ExtractionError
    from .pipeline import Pipeline
    from .store import worker_token

    rules = _alert_rules(settings)
    worker = worker_token()
    requeued, set_aside = store.recover_stale(timeout=settings.claim_timeout, max_attempts=settings.max_attempts)
    if requeued or set_aside:
        err.print(f"took back {requeued} document(s) from interrupted runs; {set_aside} set aside as failed")
    total = store.counts().get("ingested", 0)
    done = failed = reports = lost = 0
    if total:
        analyze = analyze or Pipeline(settings).analyze_many
        with _progress() as progress:
            task = progress.add_task("extracting", total=total)
            for doc, result in analyze(_claimed(store, worker, settings.batch_size)):
                if isinstance(result, ExtractionError):
                    if store.mark_failed(doc.id, result.stage, result.reason, claim=worker):
                        failed += 1
                        err.print(f"[yellow]failed:[/yellow] {doc.source or doc.id}: {result}", highlight=False)
                    else:
                        lost += 1
                elif store.save_reports(doc, result, claim=worker):
                    done += 1
                    reports += len(result)
                else:
                    lost += 1
                progress.advance(task)
    if lost:
        err.print(f"{lost} document(s) were taken over by another run before this one finished them")
    summary = store.relink()
    _alert(store, rules)
    err.print(
        f"processed {done} document(s) into {reports} report(s), {failed} failed; "
        f"{summary.incidents} incident(s) ({summary.created} new, {summary.updated} updated, {summary.merged} merged)"
    )
    return failed


PathsArg = Annotated[
    list[Path], typer.Argument(help="Files or directories: .txt, .html, .jsonl, .warc, .warc.gz (recursively).")
]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for plain-text inputs without one.")
]
OutletOpt = Annotated[str | None, typer.Option("--outlet", help="Outlet name for plain-text inputs without one.")]
UrlOpt = Annotated[str | None, typer.Option("--url", help="URL for plain-text inputs without one.")]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Analyse on N local Dask worker processes (one spaCy model each), not in this one."
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler", help="Analyse on the Dask cluster whose scheduler is at ADDRESS, e.g. tcp://10.0.0.5:8786."
    ),
]


def _analyzer(settings: Settings, workers: int | None, scheduler: str | None) -> Analyzer | None:
    """The Dask workers' analyser when --workers or --scheduler is given; None means this process's pipeline.

    Nothing starts here: the cluster is started (or reached) when the first document is sent."""
    if workers is not None and scheduler is not None:
        raise typer.BadParameter("give either --workers or --scheduler, not both", param_hint="--workers/--scheduler")
    if workers is None and scheduler is None:
        return None
    from .distributed import analyze_distributed

    def analyze(docs: Iterable[Document]) -> Iterator[tuple[Document, list[Report] | ExtractionError]]:
        return analyze_distributed(
            docs, settings, workers=workers, scheduler=scheduler, notify=lambda line: err.print(line, highlight=False)
        )

    return analyze


@app.command()
def run(
    paths: PathsArg,
    db: DbOpt = None,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    url: UrlOpt = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Ingest, extract, link and store: the whole pipeline on PATHS."""
    with _errors():
        settings = _settings(db)
        analyze = _analyzer(settings, workers, scheduler)
        store = _store(db)
        failed = _ingest(store, paths, published, outlet, url)
        failed += _process(store, settings, analyze)
    raise typer.Exit(EXIT_PARTIAL if failed else EXIT_OK)


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOpt = None,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    url: UrlOpt = None,
) -> None:
    """Store documents only (run `warwatch process` later to extract and link them)."""
    with _errors():
        failed = _ingest(_store(db), paths, published, outlet, url)
    raise typer.Exit(EXIT_PARTIAL if failed else EXIT_OK)


@app.command()
def process(db: DbOpt = None, workers: WorkersOpt = None, scheduler: SchedulerOpt = None) -> None:
    """Extract and link every stored document not processed yet."""
    with _errors():
        settings = _settings(db)
        analyze = _analyzer(settings, workers, scheduler)
        failed = _process(_store(db), settings, analyze)
    raise typer.Exit(EXIT_PARTIAL if failed else EXIT_OK)


def _range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "?"
    if low == high or high is None:
        return str(low)
    return f"{low if low is not None else '?'}-{high}"


def _incident_table(incidents: list[Incident], title: str, docs: dict[str, Document] | None = None) -> Table:
    """The incidents table; with `docs`, each incident is followed by a row per linked report."""
    t = Table(title=title, show_lines=False)
    for col in ("id", "date", "type", "location", "actor1", "actor2", "killed", "civ.", "inj.", "grade", "src"):
        t.add_column(col, overflow="fold")
    for inc in incidents:
        p = inc.place
        t.add_row(
            inc.id[:10],
            inc.when.day.isoformat() if inc.when else "?",
            inc.sub_event_type or f"({inc.scope})",
            f"{p.name}, {p.country}" if p and p.country else (p.name if p else "?"),
            inc.actor1.name if inc.actor1 else "",
            inc.actor2.name if inc.actor2 else "",
            _range(inc.fatalities.low, inc.fatalities.high),
            _range(inc.civilians_killed.low, inc.civilians_killed.high),
            _range(inc.injured.low, inc.injured.high),
            inc.grade.value if inc.grade else "",
            str(inc.source_count),
        )
        for r in inc.reports if docs is not None else []:
            d = docs.get(r.doc_id) if docs else None
            tolls = report_tolls(r)
            t.add_row(
                "",
                d.published.isoformat() if d and d.published else "?",
                f"  report: {r.sub_event_type or r.scope}",
                f"  {d.outlet or d.source or d.id}" if d else "",
                "",
                "",
                _range(tolls.fatalities.low, tolls.fatalities.high),
                _range(tolls.civilians_killed.low, tolls.civilians_killed.high),
                _range(tolls.injured.low, tolls.injured.high),
                "",
                "",
                style="dim",
            )
    return t


@app.command()
def incidents(
    db: DbOpt = None,
    country: Annotated[str | None, typer.Option(help="Country name, e.g. Iraq.")] = None,
    event_type: Annotated[str | None, typer.Option(help="ACLED event type, e.g. Battles.")] = None,
    sub_event_type: Annotated[str | None, typer.Option(help="ACLED sub-event type, e.g. 'Air/drone strike'.")] = None,
    actor: Annotated[str | None, typer.Option(help="Words in any actor's name.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Earliest event date YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Latest event date YYYY-MM-DD.")] = None,
    min_fatalities: Annotated[int | None, typer.Option(help="Only incidents whose low toll is at least N.")] = None,
    grade: Annotated[str | None, typer.Option(help="Confirmed, Fair, Weak, Contested or Discounted.")] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most N incidents.")] = None,
    deleted: Annotated[bool, typer.Option("--deleted", help="List retired duplicates instead.")] = False,
    reports: Annotated[
        bool, typer.Option("--reports", help="Under each incident, its linked reports with outlet, date and toll.")
    ] = False,
) -> None:
    """Print a table of incidents, newest first."""
    from .store import IncidentFilter

    with _errors():
        flt = IncidentFilter(
            country=country,
            event_type=event_type,
            sub_event_type=sub_event_type,
            actor=actor,
            date_from=_parse_date(date_from, "--from"),
            date_to=_parse_date(date_to, "--to"),
            min_fatalities=min_fatalities,
            grade=grade,
            limit=limit,
        )
        store = _store(db)
        rows = store.incidents(flt, status="merged" if deleted else "active", with_reports=reports)
        docs = {d.id: d for d in store.documents(ids=[r.doc_id for i in rows for r in i.reports])} if reports else {}
    out.print(_incident_table(rows, f"{len(rows)} incident(s)", docs if reports else None))


@app.command()
def show(
    incident_id: Annotated[str, typer.Argument(help="Incident id (or a unique prefix).")], db: DbOpt = None
) -> None:
    """Print one incident with its reports, claims and evidence quotes."""
    with _errors():
        store = _store(db)
        inc = store.incident(incident_id)
        docs = {d.id: d for d in store.documents(ids=[r.doc_id for r in inc.reports])}
        audit = store.audit(inc.id)
    p = inc.place
    out.print(f"[bold]incident {inc.id}[/bold]  ({inc.status})")
    out.print(f"  type      {inc.event_type or '-'} / {inc.sub_event_type or '-'}  (scope {inc.scope})")
    if inc.when:
        out.print(f"  date      {inc.when.start} .. {inc.when.end}  (time precision {inc.when.precision})")
    if p:
        out.print(
            f"  place     {p.name}; {p.admin2 or '-'}; {p.admin1 or '-'}; {p.country or '-'}  "
            f"({p.lat}, {p.lon}; geo precision {p.geo_precision})"
        )
    out.print(
        f"  actor1    {inc.actor1.name if inc.actor1 else '-'}  (inter {inc.actor1.inter if inc.actor1 else '-'})"
    )
    out.print(
        f"  actor2    {inc.actor2.name if inc.actor2 else '-'}  (inter {inc.actor2.inter if inc.actor2 else '-'})"
    )
    f, c, i = inc.fatalities, inc.civilians_killed, inc.injured
    out.print(f"  killed    low {f.low} / best {f.best} / high {f.high}   civilians {_range(c.low, c.high)}")
    out.print(f"  injured   low {i.low} / best {i.best} / high {i.high}")
    out.print(f"  grade     {inc.grade.value if inc.grade else '-'}   sources {inc.source_count}")
    out.print(f"  notes     {inc.notes}", highlight=False)
    for r in inc.reports:
        d = docs.get(r.doc_id)
        pub = d.published.isoformat() if d and d.published else "?"
        out.print(f"\n[bold]report[/bold] from {d.outlet if d else '?'} ({pub}) {d.url or d.source if d else ''}")
        out.print(
            f"  {r.sub_event_type or r.scope}; occurrence {r.hedge.value}" + ("; CONTESTED" if r.contested else "")
        )
        t = report_tolls(r)
        out.print(
            f"  its own toll: killed {_range(t.fatalities.low, t.fatalities.high)}, "
            f"civilians {_range(t.civilians_killed.low, t.civilians_killed.high)}, "
            f"injured {_range(t.injured.low, t.injured.high)}"
        )
        for e in r.evidence:
            out.print(f"  > {e.quote}", highlight=False, markup=False)
        for cl in r.claims:
            out.print(
                f"  - {cl.kind.value} {cl.victims.value}: {_range(cl.low, cl.high)}"
                f" [{cl.hedge.value}; claimant {cl.claimant or 'the outlet'}"
                + ("; cumulative" if cl.cumulative else "")
                + ("; partial" if cl.partial else "")
                + f'] "{cl.evidence.quote if cl.evidence else cl.text or ""}"',
                highlight=False,
                markup=False,
            )
    if audit:
        out.print("\n[bold]audit[/bold]")
        for a in audit:
            out.print(f"  {a['at']:%Y-%m-%d %H:%M} {a['who']}: {a['action']} ({a['why']})", highlight=False)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="acled-csv, jsonl or geojson.")] = "acled-csv",
    out_file: Annotated[Path | None, typer.Option("--out", help="File to write (default: standard output).")] = None,
    db: DbOpt = None,
    include_other: Annotated[
        bool, typer.Option("--include-other", help="Also export incidents outside ACLED's scope (crime, accidents).")
    ] = False,
    deleted: Annotated[bool, typer.Option("--deleted", help="Export the retired duplicates (deletions list).")] = False,
) -> None:
    """Write incidents as ACLED-compatible CSV, JSON Lines or GeoJSON."""
    from . import export as exp
    from .store import IncidentFilter

    if fmt not in exp.FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(exp.FORMATS)}", param_hint="--format")
    with _errors():
        store = _store(db)
        incs = store.incidents(
            IncidentFilter(include_other=include_other), status="merged" if deleted else "active", with_reports=True
        )
        docs = {d.id: d for d in store.documents(ids=[r.doc_id for i in incs for r in i.reports])}
        if out_file is None:
            n = exp.export(fmt, incs, docs, sys.stdout)
        else:
            out_file.parent.mkdir(parents=True, exist_ok=True)
            with out_file.open("w", encoding="utf-8", newline="") as fh:
                n = exp.export(fmt, incs, docs, fh)
    err.print(f"exported {n} incident(s) as {fmt}" + (f" to {out_file}" if out_file else ""))


@app.command()
def digest(
    db: DbOpt = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Country name, e.g. Iraq; repeat for several.")
    ] = None,
    region: Annotated[str | None, typer.Option(help="ACLED region, e.g. 'Middle East'.")] = None,
    week: Annotated[str | None, typer.Option(help="ISO week YYYY-Www, e.g. 2017-W13.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First event date YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event date YYYY-MM-DD.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="html, md or pdf.")] = "html",
    out_file: Annotated[Path | None, typer.Option("--out", help="File to write (default: standard output).")] = None,
) -> None:
    """Write the digest of a period (default: the latest week with incidents) as HTML, Markdown or PDF."""
    from . import digest as dg

    if fmt not in dg.FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(dg.FORMATS)}", param_hint="--format")
    if week and (date_from or date_to):
        raise typer.BadParameter("give either --week or --from and --to, not both", param_hint="--week")
    if bool(date_from) != bool(date_to):
        raise typer.BadParameter("give both --from and --to", param_hint="--from/--to")
    countries = tuple(country or ())
    with _errors(), _progress() as progress:
        progress.add_task(f"digest ({fmt})", total=None)
        store = _store(db)
        if week:
            period = dg.parse_week(week)
        elif date_from and date_to:
            period = dg.Period(_parse_date(date_from, "--from"), _parse_date(date_to, "--to"))  # type: ignore[arg-type]
        else:
            period = dg.latest_week(store, countries=countries, region=region)
        built = dg.build(
            store,
            countries=countries,
            region=region,
            date_from=period.start,
            date_to=period.end,
        )
        body = dg.render(built, fmt)
    data = body.encode("utf-8") if isinstance(body, str) else body
    if out_file is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_bytes(data)
    err.print(
        f"digest of {built.scope}, {built.period.label}: {built.summary.tally.incidents} incident(s)"
        + (f", written to {out_file}" if out_file else ""),
        highlight=False,
    )


@app.command()
def migrate(db: DbOpt = None) -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    from .store import Store, redacted_url

    url = _settings(db).db
    with _errors():
        rev = Store(url, check=False).migrate()
    err.print(f"database {redacted_url(url)} is at schema revision {rev}")


@app.command()
def status(db: DbOpt = None) -> None:
    """Show what is pending, in progress (claimed by which run), processed and failed, and why each failed."""
    with _errors():
        store = _store(db)
        counts = store.counts()
        claimed = store.in_progress()
        failures = store.failures()
    for k, label in (("ingested", "pending"), ("processing", "processing"), ("processed", "processed")):
        out.print(f"{label:>10}  {counts.get(k, 0)}")
    out.print(f"{'failed':>10}  {counts.get('failed', 0)}")
    out.print(f"{'incidents':>10}  {counts.get('incidents', 0)}")
    for source, worker, since, attempts in claimed:
        when = since.strftime("%Y-%m-%d %H:%M:%S") if since else "?"
        out.print(f"processing: {source}: by {worker} since {when}, try {attempts}", highlight=False, markup=False)
    for d in failures:
        out.print(f"failed at {d.stage}: {d.source or d.id}: {d.error}", highlight=False, markup=False)
    if failures:
        out.print("run `warwatch retry` to try the failed ones again", highlight=False, markup=False)


@app.command()
def retry(db: DbOpt = None, workers: WorkersOpt = None, scheduler: SchedulerOpt = None) -> None:
    """Try every failed document again: inputs that could not be read are re-read, the rest re-analysed."""
    with _errors():
        settings = _settings(db)
        analyze = _analyzer(settings, workers, scheduler)
        store = _store(db)
        requeued, sources = store.retry()
        err.print(f"retrying {requeued} document(s) and {len(sources)} input(s)")
        paths = sorted({_input_path(src) for src in sources})
        failed = _ingest(store, [Path(p) for p in paths], None, None, None) if paths else 0
        failed += _process(store, settings, analyze)
    raise typer.Exit(EXIT_PARTIAL if failed else EXIT_OK)


def _input_path(source: str) -> str:
    """The file an input failure names: a JSONL line's source is "FILE:LINE", and the whole file is read again
    (documents already stored are recognised by their content id and kept as they are)."""
    path, sep, line = source.rpartition(":")
    return path if sep and line.isdigit() and not Path(source).exists() else source


@app.command(name="eval")
def eval_(
    task: Annotated[
        str, typer.Argument(help="event-type, casualties, gva, geoparse, timex, clusters, entities, arguments.")
    ],
    file: Annotated[Path, typer.Argument(help="An evaluation JSONL file in that task's format.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with the task's metric keys.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N cases.")] = None,
) -> None:
    """Measure warwatch on an annotated file and print the task's metrics."""
    from .evaluate import format_table, run_task

    with _errors(), _progress() as progress:
        bar = progress.add_task(f"eval {task}", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(bar, completed=done, total=total)

        result = run_task(task, file, limit=limit, progress=tick)
    if as_json:
        print(json.dumps(result, sort_keys=True))
    else:
        out.print(format_table(task, result))


@app.command()
def bench(
    corpus: Annotated[Path, typer.Argument(help="A JSONL corpus of articles (id, title, text, published).")],
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as JSON: one object per run, one run a line.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Also time the pipeline on N local Dask worker processes."),
    ] = None,
) -> None:
    """Time the full pipeline on a corpus: articles/s, words/s and peak memory (in one process, and on Dask)."""
    import dataclasses

    from .bench import BenchResult
    from .bench import bench as run_bench

    results: list[BenchResult] = []
    with _errors(), _progress() as progress:
        bar = progress.add_task("bench", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(bar, completed=done, total=total)

        # The Dask run goes first: a process's peak memory only grows, and the one-process run
        # loads spaCy into this process, which would otherwise count in the Dask run's figure.
        for n in (workers, None) if workers else (None,):
            progress.reset(bar, total=None, description=f"bench ({f'{n} workers' if n else '1 process'})")
            results.insert(0, run_bench(corpus, limit=limit, progress=tick, workers=n))
    if as_json:
        for res in results:
            print(json.dumps(dataclasses.asdict(res), sort_keys=True))
        return
    t = Table(title=f"bench {corpus.name}")
    t.add_column("figure")
    for res in results:
        t.add_column(f"{res.workers} workers" if res.workers else "1 process", justify="right")
    for k in dataclasses.asdict(results[0]):
        if k not in ("errors", "workers"):
            values = [getattr(res, k) for res in results]
            t.add_row(k, *(f"{v:,.1f}" if isinstance(v, float) else str(v) for v in values))
    out.print(t)
    for res in results:
        for line in res.errors:
            err.print(f"[yellow]failed:[/yellow] {line}", highlight=False)


@app.command()
def watch(
    feeds_file: Annotated[Path, typer.Argument(help="A text file of RSS/Atom feed URLs, one per line (# comments).")],
    every: Annotated[str, typer.Option("--every", help="Time between polls: 30s, 15m, 1h.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    db: DbOpt = None,
) -> None:
    """Poll RSS/Atom feeds, fetch their new article pages politely and run the pipeline on them."""
    from .errors import ConfigError
    from .feeds import Fetcher, PollSummary, Watcher, parse_every, read_feed_list, run_polls

    def say(line: str) -> None:
        err.print(line, highlight=False, markup=False, soft_wrap=True)

    with _errors():
        interval = parse_every(every)
        settings = _settings(db)
        urls, bad = read_feed_list(feeds_file)
        for problem in bad:
            say(f"skipped: {problem}")
        if not urls:
            raise ConfigError(f"{feeds_file} holds no feed URL: write one http(s) feed URL per line")
        store = _store(db)
        with Fetcher(settings) as fetcher:
            watcher = Watcher(store, fetcher, process=lambda: _process(store, settings), report=say)

            def poll() -> PollSummary:
                summary = watcher.poll(urls)
                say(summary.line())
                return summary

            if not once:
                say(f"watching {len(urls)} feed(s) every {every}; Ctrl-C or SIGTERM stops between polls")
            failures = run_polls(poll, interval, once=once, stop=watcher.stop, report=say)
    raise typer.Exit(EXIT_PARTIAL if failures or bad else EXIT_OK)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app and the REST API (/api, /openapi.json) until interrupted."""
    from .web import serve as run_server

    with _errors():
        settings = _settings(db)
        err.print(f"warwatch on http://{host}:{port}/ (database {settings.db}; Ctrl-C stops it)", highlight=False)
        run_server(settings.db, host, port, settings)


users_app = typer.Typer(help="Analyst accounts and their API tokens.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The analyst's name, shown in the audit trail.")], db: DbOpt = None
) -> None:
    """Create analyst NAME (if new) with a fresh API token, printed once."""
    from .review import add_user

    with _errors():
        token = add_user(_store(db), name)
    err.print(f"token for {name} (shown once; it signs in on /signin and goes in Authorization: Bearer):")
    print(token)


@users_app.command("list")
def users_list(db: DbOpt = None) -> None:
    """List analysts and how many live tokens each holds."""
    from .review import users

    with _errors():
        rows = users(_store(db))
    t = Table(title=f"{len(rows)} analyst(s)")
    for col in ("name", "created", "live tokens"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["name"], f"{r['created']:%Y-%m-%d %H:%M}", str(r["tokens"]))
    out.print(t)


@users_app.command("revoke")
def users_revoke(
    name: Annotated[str, typer.Argument(help="The analyst whose tokens stop working.")], db: DbOpt = None
) -> None:
    """Revoke every token of analyst NAME."""
    from .review import revoke

    with _errors():
        n = revoke(_store(db), name)
    err.print(f"revoked {n} token(s) of {name}")


gazetteer_app = typer.Typer(
    help="The gazetteer places are resolved with: add a GeoNames dump to it.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("load")
def gazetteer_load(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A GeoNames dump (allCountries.txt, a country's XX.txt): 19 tab-separated columns."
        ),
    ],
    all_features: Annotated[
        bool,
        typer.Option(
            "--all-features",
            help="Load every feature class (hills, streams, buildings...), not only populated places, "
            "administrative areas, and the bases, airports, camps and border posts events happen at.",
        ),
    ] = False,
) -> None:
    """Add the places of GeoNames FILE to the gazetteer; they are kept in the cache directory for later runs."""
    from .geo.loaded import load_geonames

    with _errors():
        result = load_geonames(path, all_features=all_features)
    for line in result.errors:
        err.print(line, markup=False, highlight=False, soft_wrap=True)
    if result.bad > len(result.errors):
        err.print(f"... and {result.bad - len(result.errors)} more bad line(s)", highlight=False)
    err.print(
        f"added {result.added} place(s) to the gazetteer ({result.replaced} replaced, {result.known} already in it, "
        f"{result.other_kinds} of other feature kinds left out, {result.bad} bad line(s)); kept in {result.kept_in}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if result.bad:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def version() -> None:
    """Print warwatch's version."""
    out.print(__version__)


def main() -> None:  # pragma: no cover - console entry point
    app()
