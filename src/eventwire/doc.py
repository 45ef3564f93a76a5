"""The working object that pipeline steps read and fill in, one per article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventwire.records import Actor, Article, Event, EventDate, Fatalities, Place

if TYPE_CHECKING:  # spaCy is heavy: imported only by the steps that parse
    from spacy.tokens import Doc as SpacyDoc


@dataclass
class RawArticle:
    """An article as read from input, before cleaning."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source_name: str | None = None
    article_id: str | None = None
    origin: str | None = None
    published_from: str | None = None


@dataclass
class PlaceMention:
    """A toponym found in the text, with its resolution once resolved."""

    text: str
    start: int
    end: int
    how: str
    region_modifier: str | None = None
    admin_hint: str | None = None
    feature_hint: str | None = None
    place: Place | None = None
    is_event_place: bool = True


@dataclass
class EventCandidate:
    """An event being built up by the steps, before it becomes an :class:`Event`."""

    code: str
    sentence_index: int
    trigger_start: int
    trigger_end: int
    trigger_text: str
    trigger_token: int
    modality: str = "asserted"
    confidence: float = 0.5
    source_actors: list[Actor] = field(default_factory=list)
    target_actors: list[Actor] = field(default_factory=list)
    place: Place | None = None
    date: EventDate | None = None
    fatalities: Fatalities | None = None
    reported_by: list[str] = field(default_factory=list)
    inherited_from: int | None = None
    merged: bool = False
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """One article moving through the pipeline.

    Steps declare which of these attributes they need (``requires``) and which they set
    (``assigns``); the pipeline checks those declarations when it is built.
    """

    raw: RawArticle
    text: str = ""
    article: Article | None = None
    spacy: SpacyDoc | None = None
    places: list[PlaceMention] = field(default_factory=list)
    candidates: list[EventCandidate] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    background: list[EventCandidate] = field(default_factory=list)
    dateline: PlaceMention | None = None
    provenance: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def sentences(self) -> list[Any]:
        """The spaCy sentence spans of the cleaned text."""
        if self.spacy is None:
            return []
        cached = getattr(self, "_sentences", None)
        if cached is None:
            cached = list(self.spacy.sents)
            self._sentences = cached
        return cached
