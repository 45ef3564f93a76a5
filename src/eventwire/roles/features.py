"""Token and sentence features from a spaCy parse, as numpy arrays.

Everything here is read from what the parse already holds: ``doc.tensor`` (the tok2vec
vector of each token), the coarse POS tag, the dependency label, the entity type, the
lexicon phrases a token is part of, and the token's place under the verb that governs it
(which argument of that verb it sits in, through which preposition, on which side of it,
how deep). A token's row also holds the context part of its neighbours' rows.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
        "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X", "SPACE")
DEPS = ("ROOT", "acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux",
        "auxpass", "case", "cc", "ccomp", "compound", "conj", "csubj", "csubjpass", "dative",
        "dep", "det", "dobj", "expl", "intj", "mark", "meta", "neg", "nmod", "npadvmod",
        "nsubj", "nsubjpass", "nummod", "oprd", "parataxis", "pcomp", "pobj", "poss",
        "preconj", "predet", "prep", "prt", "punct", "quantmod", "relcl", "xcomp")
ENTS = ("CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
        "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART")
PREPS = ("by", "on", "against", "with", "to", "of", "in", "at", "for", "from", "between",
         "into", "over")
LEX_KINDS = ("country", "demonym", "metonym", "agent", "actor")
SECTORS = ("GOV", "MIL", "REB", "CVL", "COP", "PRO", "IGO", "JUD")
TENSOR_WIDTH = 96
VERBAL = ("VERB", "AUX")


def _index(names: Sequence[str]) -> dict[str, int]:
    return {n: i for i, n in enumerate(names)}


_UPOS, _DEPS, _ENTS = _index(UPOS), _index(DEPS), _index(ENTS)
_PREPS, _KINDS, _SECTORS = _index(PREPS), _index(LEX_KINDS), _index(SECTORS)

# Layout of the context part of a token's row: [start, width) of each block.
_BLOCKS: dict[str, tuple[int, int]] = {}
_at = 0
for _name, _width in (("pos", len(UPOS) + 1), ("dep", len(DEPS) + 1), ("ent", len(ENTS) + 1),
                      ("iob", 3), ("shape", 8), ("kind", len(LEX_KINDS) + 1),
                      ("sector", len(SECTORS) + 1), ("arg", len(DEPS) + 1),
                      ("prep", len(PREPS) + 1), ("verb", 6), ("depth", 5), ("edge", 3),
                      ("chunk", 2), ("root_arg", len(DEPS) + 1), ("root_prep", len(PREPS) + 1),
                      ("root_side", 3)):
    _BLOCKS[_name] = (_at, _width)
    _at += _width
CONTEXT_WIDTH = _at
# own and neighbours' tensors, own + left + right context
TOKEN_WIDTH = 3 * TENSOR_WIDTH + 3 * CONTEXT_WIDTH


def _under_root(tok):
    """The child of the sentence root whose subtree holds ``tok`` (or the root itself)."""
    node = tok
    while node.head.i != node.i and node.head.head.i != node.head.i:
        node = node.head
    return node


def _governor(tok) -> tuple[object | None, object, int]:
    """(governing verb, the verb's child whose subtree holds ``tok``, depth below it)."""
    node, depth = tok, 0
    while node.head.i != node.i:
        if node.head.pos_ in VERBAL:
            return node.head, node, depth
        node, depth = node.head, depth + 1
    return None, node, depth


def lexicon_hits(words: Sequence[str], lexicon) -> tuple[list[str | None], list[str | None],
                                                           list[bool]]:
    """Per word: the kind and sector of the lexicon phrase it is part of, and whether the
    phrase starts there."""
    kinds: list[str | None] = [None] * len(words)
    sectors: list[str | None] = [None] * len(words)
    starts = [False] * len(words)
    if lexicon is None:
        return kinds, sectors, starts
    for m in lexicon.match(list(words)):
        starts[m.start] = True
        for i in range(m.start, m.end):
            kinds[i], sectors[i] = m.kind, m.sector
    return kinds, sectors, starts


def _one(row: np.ndarray, block: str, index: int | None) -> None:
    start, width = _BLOCKS[block]
    row[start + (index if index is not None and index < width - 1 else width - 1)] = 1.0


def _context_row(tok, span_start: int, kind, sector, starts_phrase: bool, chunk: tuple) -> np.ndarray:
    row = np.zeros(CONTEXT_WIDTH, dtype=np.float32)
    _one(row, "pos", _UPOS.get(tok.pos_))
    _one(row, "dep", _DEPS.get(tok.dep_))
    _one(row, "ent", _ENTS.get(tok.ent_type_))
    _one(row, "iob", {"B": 0, "I": 1}.get(tok.ent_iob_, 2))
    shape = (tok.is_title, tok.is_upper and len(tok) > 1, tok.is_punct, tok.like_num, tok.is_stop,
             tok.is_alpha, tok.i == span_start, tok.is_sent_end)
    s0 = _BLOCKS["shape"][0]
    row[s0 : s0 + 8] = shape
    _one(row, "kind", _KINDS.get(kind) if kind else None)
    _one(row, "sector", _SECTORS.get(sector) if sector else None)
    verb, arg, depth = _governor(tok)
    _one(row, "arg", _DEPS.get(arg.dep_))
    _one(row, "prep", _PREPS.get(arg.lower_) if arg.dep_ in ("prep", "agent") else None)
    v0 = _BLOCKS["verb"][0]
    if verb is not None:
        row[v0] = verb.dep_ == "ROOT"
        row[v0 + 1] = any(c.dep_ == "auxpass" for c in verb.children)
        row[v0 + 2] = tok.i < verb.i
        row[v0 + 3] = verb.head.i == verb.i or verb.head.dep_ == "ROOT"
        row[v0 + 4] = starts_phrase
    else:
        row[v0 + 5] = 1.0
    _one(row, "depth", min(depth, 4))
    e0 = _BLOCKS["edge"][0]
    row[e0 : e0 + 3] = (tok.i == arg.left_edge.i, tok.i == arg.right_edge.i, tok.i == arg.i)
    c0 = _BLOCKS["chunk"][0]
    row[c0 : c0 + 2] = chunk
    top = _under_root(tok)
    _one(row, "root_arg", _DEPS.get(top.dep_) if top.i != top.head.i else None)
    _one(row, "root_prep", _PREPS.get(top.lower_) if top.dep_ in ("prep", "agent") else None)
    r0 = _BLOCKS["root_side"][0]
    root = top.head
    row[r0 : r0 + 3] = (tok.i < root.i, tok.i == root.i, root.pos_ in VERBAL)
    return row


def token_matrix(span, lexicon=None) -> np.ndarray:
    """One row of :data:`TOKEN_WIDTH` features per token of a sentence span."""
    toks = list(span)
    n = len(toks)
    kinds, sectors, starts = lexicon_hits([t.text for t in toks], lexicon)
    chunk = [(0.0, 0.0)] * n
    for nc in getattr(span, "noun_chunks", ()):
        for t in nc:
            if span.start <= t.i < span.end:
                chunk[t.i - span.start] = (float(t.i == nc.start), float(t.i != nc.start))
    ctx = np.stack([_context_row(t, span.start, kinds[k], sectors[k], starts[k], chunk[k])
                    for k, t in enumerate(toks)]) if n else np.zeros((0, CONTEXT_WIDTH), np.float32)
    return np.hstack([*_shifted(_tensor(span)), *_shifted(ctx)]).astype(np.float32)


def _shifted(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, each row's left neighbour, its right neighbour), zeros past the ends."""
    pad = np.zeros((1, rows.shape[1]), dtype=rows.dtype)
    if not len(rows):
        return rows, rows, rows
    return rows, np.vstack([pad, rows[:-1]]), np.vstack([rows[1:], pad])


def _tensor(span) -> np.ndarray:
    tensor = getattr(span.doc, "tensor", None)
    if tensor is None or tensor.ndim != 2 or tensor.shape[1] != TENSOR_WIDTH \
            or tensor.shape[0] != len(span.doc):
        return np.zeros((len(span), TENSOR_WIDTH), dtype=np.float32)
    return np.asarray(tensor[span.start : span.end], dtype=np.float32)


def hashed_terms(tokens, buckets: int) -> list[int]:
    """Bucket ids of a sentence's words (lowercase, and lemmas) and word bigrams.

    CRC32, not ``hash``, so the ids are the same in every process.
    """
    words = [t.lower_ for t in tokens if not t.is_space]
    terms = set(words)
    terms.update("l:" + t.lemma_.lower() for t in tokens if not t.is_space)
    terms.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return sorted({zlib.crc32(term.encode("utf-8")) % buckets for term in terms})


def sentence_vector(span) -> np.ndarray:
    """The mean tok2vec vector of a sentence's tokens."""
    tensor = _tensor(span)
    return tensor.mean(axis=0) if len(tensor) else np.zeros(TENSOR_WIDTH, dtype=np.float32)
