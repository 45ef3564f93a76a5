"""Features of one sentence's main event, read from the spaCy parse and the rule hits.

Dense part: the tok2vec vectors (``doc.tensor``, already computed by the parse) averaged
and max-pooled over the sentence, averaged over the trigger's phrase and over the
article's lead. Sparse part: named binary features (lemmas of the sentence and of the
lead, lemma bigrams, the root's and the trigger's lemma and relation, the rule
detector's codes and modalities, entity labels, negation). The models keep only the
names seen in training, so an unseen name costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventwire.ontology import event_class

if TYPE_CHECKING:
    from eventwire.doc import Document, EventCandidate

LEAD_SENTENCES = 5


@dataclass(frozen=True)
class Features:
    """One example: ``dense`` is a float vector, ``names`` the binary features present."""

    dense: Any
    names: frozenset[str]


def _pool(tensor, lo: int, hi: int):
    import numpy as np

    width = tensor.shape[1] if tensor.ndim == 2 and tensor.shape[0] else 96
    if hi <= lo or tensor.ndim != 2 or tensor.shape[0] < hi:
        return np.zeros(width, dtype="float32"), np.zeros(width, dtype="float32")
    block = tensor[lo:hi]
    return block.mean(axis=0), block.max(axis=0)


def _content(tok) -> bool:
    return tok.is_alpha and not tok.is_stop


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _word_names(sent, lead) -> set[str]:
    names = {f"l:{_lemma(t)}" for t in sent if _content(t)}
    names |= {f"d:{_lemma(t)}" for t in lead if _content(t)}
    words = [t for t in sent if t.is_alpha]
    names |= {f"b:{_lemma(a)}_{_lemma(b)}" for a, b in zip(words, words[1:])}
    names |= {f"e:{t.ent_type_}" for t in sent if t.ent_type_}
    if any(t.dep_ == "neg" for t in sent):
        names.add("neg")
    return names


def _rule_names(cands: list[EventCandidate]) -> set[str]:
    if not cands:
        return {"rule:none"}
    names = set()
    for c in cands:
        cls = event_class(c.code)
        names |= {f"rule:{c.code}", f"rulemod:{c.code}:{c.modality}", f"ruletype:{cls.plover_type}",
                  f"rulemodality:{c.modality}"}
    return names


def _trigger_names(trigger, root) -> set[str]:
    names = {f"root:{_lemma(root)}", f"rootpos:{root.pos_}"}
    names |= {f"rootchild:{c.dep_}:{_lemma(c)}" for c in root.children if c.dep_ in ("nsubj", "dobj", "nsubjpass", "xcomp", "ccomp")}
    if trigger is not None:
        names |= {f"trig:{_lemma(trigger)}", f"trigdep:{trigger.dep_}", f"trighead:{_lemma(trigger.head)}"}
    return names


def featurize(doc: Document, sentence_index: int, cands: list[EventCandidate]) -> Features:
    """Features of sentence ``sentence_index`` whose rule candidates are ``cands`` (the first
    asserted one, else the first, is the trigger)."""
    import numpy as np

    sp = doc.spacy
    sents = doc.sentences
    sent = sents[sentence_index]
    lead_end = sents[min(len(sents), LEAD_SENTENCES) - 1].end
    tensor = sp.tensor
    main = next((c for c in cands if c.modality == "asserted"), cands[0] if cands else None)
    trigger = sp[main.trigger_token] if main is not None else None
    anchor = trigger if trigger is not None else sent.root
    s_mean, s_max = _pool(tensor, sent.start, sent.end)
    t_mean, _ = _pool(tensor, anchor.left_edge.i, anchor.right_edge.i + 1)
    d_mean, _ = _pool(tensor, 0, lead_end)
    names = _word_names(sent, sp[0:lead_end]) | _rule_names(cands) | _trigger_names(trigger, sent.root)
    dense = np.concatenate([s_mean, s_max, t_mean, d_mean]).astype("float32")
    return Features(dense=dense, names=frozenset(names))
