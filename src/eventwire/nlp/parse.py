"""The parsing step: runs spaCy over the cleaned text, in batches when given several."""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.doc import Document
from eventwire.registry import register


@register("steps", "nlp.parse.v1")
class ParseStep:
    """Tokenise, tag, parse and tag entities with the configured spaCy model."""

    name = "nlp.parse.v1"
    requires = ("text",)
    assigns = ("spacy",)

    def __init__(self, resources) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        doc.spacy = self.resources.nlp(doc.text)
        return doc

    def pipe(self, docs: Sequence[Document]) -> list[Document]:
        """Parse a batch with ``nlp.pipe`` (faster than one call per article)."""
        parsed = self.resources.nlp.pipe([d.text for d in docs], batch_size=max(1, len(docs)))
        for d, sp in zip(docs, parsed, strict=True):
            d.spacy = sp
        return list(docs)
