"""Geoparsing evaluation: ``eventwire eval geo`` (toponym recognition and resolution on
LGL / TR-News, GeoWebNews and GeoVirus, told apart by their XML). The text is not cleaned,
so offsets stay those of the gold; ``GEO_NOTES`` defines every metric. The event-location
suite (``eventloc``) is in :mod:`eventwire.evaluate.eventloc`.
"""

from __future__ import annotations

import math
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from eventwire.doc import Document, PlaceMention, RawArticle
from eventwire.errors import InputError
from eventwire.evaluate import Report
from eventwire.evaluate.metrics import prf
from eventwire.records import Article, Place
from eventwire.registry import register

KM_MAX = 20039.0  # half the Earth's circumference: no error can be larger
KM_NEAR = 161.0  # "accuracy at 161 km" (100 miles), the field's usual threshold
EARTH_RADIUS_KM = 6371.0088
MODES = ("end-to-end", "gold-mentions")
GEO_STEPS = ("nlp.parse.v1", "places.recognize.v1", "places.resolve.v1")
BATCH = 64
GEO_NOTES = (
    "Scored: gold toponyms with coordinates; predicted mentions overlapping a gold span "
    "without coordinates are left out of precision.",
    "End-to-end: a predicted mention matches a gold toponym when the spans overlap (one to "
    "one); exact_id, acc_161km and the distances are over matched pairs, exact_id_all and "
    "acc_161km_all over all scored gold toponyms (unmatched ones count as wrong).",
    "Gold mentions: the resolver gets the scored gold spans only, with the hints recognition "
    "would give them. A toponym found but not resolved has the largest error, 20039 km.",
    "acc_161km: error <= 161 km. auc: trapezoidal area under the sorted ln(1+km) errors over "
    "[0, 1], / ln(20039) (Gritta et al. 2018); lower is better.",
    "exact_id: predicted GeoNames id == gold id, over toponyms whose gold has an id. The "
    "embedded gazetteer has GeoNames ids for countries, continents, US states and a few "
    "Canadian and Australian divisions; other first-level divisions and the US counties have "
    "synthetic negative ids, so they never match; exact_id_no_adm1 leaves gold ADM1 toponyms "
    "out (LGL only: the other sets do not give the feature). No rivers, parks or streets.",
    "Demonyms: a gold toponym that is a nationality word (LGL and GWN mark some, e.g. "
    "'Iranian') stays scored. Recognition never emits demonyms, so end-to-end they count "
    "as missed; gold_demonyms says how many scored gold toponyms are demonyms. With gold "
    "mentions the resolver reads a demonym as its country.",
    "GeoVirus gives Wikipedia's coordinates, not GeoNames': a large country or division "
    "resolved right can lie far from the gold point (Canada: GeoNames 60.1 N 113.6 W, "
    "Wikipedia 60 N 95 W). acc_161km_or_division also counts a country, continent or "
    "first-level division answer whose name is the gold name.",
)



@dataclass(frozen=True)
class GoldToponym:
    """One gold toponym: its span in the article text and, when known, where it is."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None

    @property
    def scored(self) -> bool:
        """Whether the gold says where it is (only these are scored)."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class GoldArticle:
    """The text of one gold article and its toponyms."""

    article_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True)
class Judged:
    """One scored gold toponym and what eventwire made of it (``found``: recognised)."""

    gold: GoldToponym
    found: bool
    place: Place | None = None
    error_km: float | None = None
    article_id: str = ""

    @property
    def same_id(self) -> bool:
        """Whether the predicted GeoNames id is the gold one."""
        return self.place is not None and self.place.geonameid == self.gold.geonameid


# --- reading the gold -------------------------------------------------------------------

def read_geo_gold(path: Path) -> tuple[str, list[GoldArticle]]:
    """The schema name (``lgl``, ``gwn`` or ``geovirus``) and the articles of a gold XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(str(path), f"cannot read the gold XML: {exc}") from exc
    schema = _schema(root)
    if schema is None:
        raise InputError(str(path), "no <toponym> or <location> elements: not LGL, GWN or GeoVirus")
    reader = {"lgl": _lgl_toponym, "gwn": _gwn_toponym, "geovirus": _geovirus_toponym}[schema]
    tag = "location" if schema == "geovirus" else "toponym"
    articles = []
    for i, art in enumerate(root.iter("article")):
        article_id = art.get("docid") or art.get("file") or str(i)
        try:
            toponyms = tuple(reader(t) for t in art.iter(tag))
        except (TypeError, ValueError) as exc:  # a missing or non-numeric offset or coordinate
            raise InputError(f"{path}, article {article_id}", f"bad {tag}: {exc}") from exc
        articles.append(GoldArticle(article_id, art.findtext("text") or "", toponyms))
    return schema, articles


def _schema(root: ET.Element) -> str | None:
    for el in root.iter():
        if el.tag == "location":
            return "geovirus"
        if el.tag == "toponym":
            return "gwn" if el.find("extractedName") is not None else "lgl"
    return None


def _num(el: ET.Element | None, tag: str, kind: type = float) -> Any:
    value = (el.findtext(tag) or "").strip() if el is not None else ""
    return kind(value) if value else None


def _lgl_toponym(el: ET.Element) -> GoldToponym:
    tag = el.find("gaztag")
    gid = tag.get("geonameid") if tag is not None else None
    return GoldToponym(
        start=_num(el, "start", int), end=_num(el, "end", int), text=el.findtext("phrase") or "",
        lat=_num(tag, "lat"), lon=_num(tag, "lon"), geonameid=int(gid) if gid else None,
        feature=tag.findtext("fcode") if tag is not None else None,
    )


def _gwn_toponym(el: ET.Element) -> GoldToponym:
    return GoldToponym(
        start=_num(el, "start", int), end=_num(el, "end", int),
        text=el.findtext("extractedName") or "", lat=_num(el, "latitude"),
        lon=_num(el, "longitude"), geonameid=_num(el, "geonamesID", int),
    )


def _geovirus_toponym(el: ET.Element) -> GoldToponym:
    # GeoVirus counts characters from 1.
    return GoldToponym(
        start=_num(el, "start", int) - 1, end=_num(el, "end", int) - 1,
        text=el.findtext("name") or "", lat=_num(el, "lat"), lon=_num(el, "lon"),
    )


# --- running eventwire ------------------------------------------------------------------

def document(text: str, article_id: str) -> Document:
    """A document for ``text`` as is: no cleaning, so offsets stay those of the gold."""
    doc = Document(raw=RawArticle(text=text, article_id=article_id), text=text)
    doc.article = Article(article_id=article_id, text=text)
    return doc


class StepRunner:
    """Runs the named steps over documents (parsing in batches); one failing document
    is reported and never stops the others."""

    def __init__(self, names: Sequence[str]) -> None:
        from eventwire import registry
        from eventwire.pipeline import Resources

        resources = Resources()
        self.steps = [registry.get("steps", name)(resources) for name in names]

    def run(self, docs: list[Document], *, steps: int | None = None) -> list[Document | str]:
        """Each document after the first ``steps`` steps (all by default), or the error
        that stopped it."""
        first, rest = self.steps[0], self.steps[1:steps]
        docs = first.pipe(docs) if hasattr(first, "pipe") else [first(d) for d in docs]
        out: list[Document | str] = []
        for doc in docs:
            try:
                for step in rest:
                    doc = step(doc)
                out.append(doc)
            except Exception as exc:  # noqa: BLE001 - one bad article never stops an evaluation
                out.append(f"{doc.raw.article_id}: {type(exc).__name__}: {exc}")
        return out


def batched(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    """Consecutive slices of ``size`` items."""
    return (items[i : i + size] for i in range(0, len(items), size))


# --- scoring toponyms -------------------------------------------------------------------

def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return min(KM_MAX, 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a))))


def judge(gold: GoldToponym, mention: PlaceMention | None, article_id: str = "") -> Judged:
    """Score one gold toponym against the mention matched to it (None: not recognised)."""
    if mention is None:
        return Judged(gold, found=False, article_id=article_id)
    p = mention.place
    err = KM_MAX if p is None or p.lat is None or p.lon is None else km(gold.lat, gold.lon, p.lat, p.lon)
    return Judged(gold, found=True, place=p, error_km=err, article_id=article_id)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def match(gold: Sequence[GoldToponym], mentions: Sequence[PlaceMention]) -> list[PlaceMention | None]:
    """For each gold toponym, the unused predicted mention overlapping it most (or None)."""
    used: set[int] = set()
    out: list[PlaceMention | None] = []
    for g in gold:
        best, best_overlap = None, 0
        for i, m in enumerate(mentions):
            shared = min(g.end, m.end) - max(g.start, m.start)
            if i not in used and shared > best_overlap:
                best, best_overlap = i, shared
        if best is not None:
            used.add(best)
        out.append(mentions[best] if best is not None else None)
    return out


def auc(errors_km: Sequence[float]) -> float:
    """Gritta et al.'s AUC: trapezoidal area under sorted ln(1+km) over [0, 1], / ln(20039)."""
    logs = sorted(math.log1p(e) for e in errors_km)
    if len(logs) == 1:
        return logs[0] / math.log(KM_MAX)
    area = (sum(logs) - (logs[0] + logs[-1]) / 2) / (len(logs) - 1)
    return area / math.log(KM_MAX)


def _share(hits: Iterable[bool]) -> float | None:
    hits = list(hits)
    return round(sum(hits) / len(hits), 4) if hits else None


def geo_metrics(judged: Sequence[Judged]) -> dict[str, Any]:
    """exact_id, acc_161km, distances and auc over the recognised toponyms, and the
    ``_all`` shares over every scored toponym."""
    found = [j for j in judged if j.found]
    errors = [j.error_km for j in found]
    with_id = [j for j in found if j.gold.geonameid is not None]
    no_adm1 = [j for j in with_id if j.gold.feature is not None and j.gold.feature != "ADM1"]
    return {
        "n": len(judged),
        "exact_id": _share(j.same_id for j in with_id),
        "exact_id_all": _share(j.same_id for j in judged if j.gold.geonameid is not None),
        "exact_id_no_adm1": _share(j.same_id for j in no_adm1),
        "acc_161km": _share(e <= KM_NEAR for e in errors),
        "acc_161km_all": _share(j.found and j.error_km <= KM_NEAR for j in judged),
        "mean_km": round(sum(errors) / len(errors), 1) if errors else None,
        "median_km": round(median(errors), 1) if errors else None,
        "auc": round(auc(errors), 4) if errors else None,
        "unresolved": sum(j.found and j.place is None for j in judged),
        "acc_161km_or_division": _share(
            e <= KM_NEAR or _same_division(j) for j, e in zip(found, errors, strict=True)),
    }


def _same_division(j: Judged) -> bool:
    """A country, continent or first-level division answer with the gold's own name."""
    from eventwire.places.names import normalize

    p = j.place
    return p is not None and p.feature in ("PCLI", "CONT", "ADM1") and (
        normalize(p.name) == normalize(j.gold.text))


# --- the geo suite ----------------------------------------------------------------------

def gold_mention(sp: Any, g: GoldToponym, text: str | None = None) -> PlaceMention:
    """A place mention for a gold span, with the hints recognition would give it
    (``text``: the document's text, which spaCy would otherwise rebuild on every call)."""
    from eventwire.places.recognize import _admin_hint, _place_noun_hint, _region_modifier

    span = sp.char_span(g.start, g.end, alignment_mode="expand")
    toks = list(span) if span is not None else []
    text = sp.text if text is None else text
    return PlaceMention(
        text=text[g.start : g.end], start=g.start, end=g.end, how="gold",
        region_modifier=_region_modifier(toks) if toks else None,
        admin_hint=_admin_hint(toks) if toks else None,
        feature_hint=_place_noun_hint(toks) if toks else None,
    )


@dataclass
class GeoTally:
    """What a geo run has judged so far."""

    judged: list[Judged] = field(default_factory=list)
    predicted: int = 0  # predicted mentions, less those on unscored gold spans
    matched: int = 0
    failed: list[str] = field(default_factory=list)

    def add_predicted(self, art: GoldArticle, mentions: Sequence[PlaceMention]) -> None:
        """End-to-end: match the recognised mentions to the scored gold and judge them."""
        scored = [g for g in art.toponyms if g.scored]
        found = match(scored, mentions)
        taken = {id(m) for m in found if m is not None}
        unscored = [(g.start, g.end) for g in art.toponyms if not g.scored]
        self.predicted += sum(
            id(m) in taken or not any(overlaps((m.start, m.end), u) for u in unscored) for m in mentions
        )
        self.matched += len(taken)
        self.judged.extend(judge(g, m, art.article_id) for g, m in zip(scored, found, strict=True))

    def add_resolved(self, art: GoldArticle, mentions: Sequence[PlaceMention]) -> None:
        """Gold mentions: judge the resolved gold spans (one per scored gold toponym)."""
        scored = [g for g in art.toponyms if g.scored]
        self.judged.extend(judge(g, m, art.article_id) for g, m in zip(scored, mentions, strict=True))

    def add_failed(self, art: GoldArticle, error: str) -> None:
        """An article eventwire failed on: its toponyms count as not found."""
        self.failed.append(error)
        self.judged.extend(judge(g, None, art.article_id) for g in art.toponyms if g.scored)

    def metrics(self, *, end_to_end: bool) -> dict[str, Any]:
        """The named metrics (recognition precision and recall only end-to-end)."""
        out = geo_metrics(self.judged)
        if end_to_end:
            p, r, f = prf(self.matched, self.predicted - self.matched, len(self.judged) - self.matched)
            out.update(precision=round(p, 4), recall=round(r, 4), f1=round(f, 4))
        return out | {"failed": len(self.failed)}


def judge_articles(articles: Sequence[GoldArticle], mode: str) -> GeoTally:
    """Run eventwire over the gold articles and judge every scored toponym."""
    runner = StepRunner(GEO_STEPS)
    resolve, upto = runner.steps[-1], None if mode == "end-to-end" else 1
    tally = GeoTally()
    for batch in batched(articles):
        docs = runner.run([document(a.text, a.article_id) for a in batch], steps=upto)
        for art, doc in zip(batch, docs, strict=True):
            if isinstance(doc, str):
                tally.add_failed(art, doc)
            elif mode == "end-to-end":
                tally.add_predicted(art, doc.places)
            else:
                doc.places = [gold_mention(doc.spacy, g, doc.text)
                              for g in art.toponyms if g.scored]
                tally.add_resolved(art, resolve(doc).places)
    return tally


def count_demonyms(articles: Sequence[GoldArticle]) -> int:
    """How many scored gold toponyms are nationality words that name no place ("Iranian")."""
    from eventwire.lexicon import Lexicon
    from eventwire.pipeline import Resources

    lexicon, gaz = Lexicon.load(), Resources().gazetteer
    return sum(1 for a in articles for g in a.toponyms if g.scored
               and lexicon.country_of(g.text) and not gaz.has_name(g.text))


@register("evals", "geo")
def geo(path: Path, *, mode: str = "end-to-end", limit: int | None = None) -> Report:
    """Toponym recognition and resolution on LGL / TR-News, GeoWebNews or GeoVirus.

    ``mode`` is ``end-to-end`` (recognise, then resolve) or ``gold-mentions`` (resolve the
    gold spans); ``limit`` scores only the first N articles.
    """
    if mode not in MODES:
        raise InputError("--mode", f"{mode!r} is not one of {', '.join(MODES)}")
    began = time.perf_counter()
    schema, articles = read_geo_gold(Path(path))
    articles = articles[:limit] if limit is not None else articles
    tally = judge_articles(articles, mode)
    metrics: dict[str, Any] = {"schema": schema, "mode": mode, "articles": len(articles)}
    metrics |= tally.metrics(end_to_end=mode == "end-to-end")
    metrics["gold_demonyms"] = count_demonyms(articles)
    metrics["seconds"] = round(time.perf_counter() - began, 1)
    notes = list(GEO_NOTES)
    if schema == "geovirus":
        notes.append("GeoVirus has no GeoNames ids: exact_id is not defined.")
    notes += [f"failed: {e}" for e in tally.failed[:5]]
    return Report(suite="geo", path=str(path), metrics=metrics, notes=notes)
