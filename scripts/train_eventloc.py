"""Train the event -> place linker (eventwire.places.linker) on Halterman's (2019) gold.

    EVENTWIRE_GAZETTEER=/tmp/ew/gaz.sqlite .venv/bin/python scripts/train_eventloc.py \
        ../shared/gold/event-location/event_location.jsonl [--cache docs.pkl] [--write]

Runs the link steps over the accepted records (or reads them from ``--cache``, written on
the first run), splits the records by text with a fixed seed (80 % train, 20 % held out),
picks C and the threshold by 5-fold cross-validation grouped by text on the train part,
reports token P/R/F1 on the held-out part (and the old rule linker's on the same part),
then fits on all records and, with ``--write``, ships the weights as JSON.
scikit-learn is used here only; eventwire reads the JSON.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from eventwire.evaluate.eventloc import LINK_STEPS, gold_candidate, read_eventloc
from eventwire.evaluate.geo import StepRunner, batched, document, overlaps
from eventwire.places import linker

SEED = 13
THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(21)]


def examples(gold: Path, cache: Path | None) -> list[dict]:
    """Per accepted record: its candidates' features, labels, the gold tokens each would
    add (and those of the word after it), and the rule linker's tokens. The link steps run
    batch by batch and the documents are dropped (all of them at once do not fit in
    memory); the examples are cached in ``cache``."""
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())
    records, _ = read_eventloc(gold)
    runner = StepRunner(LINK_STEPS)
    out = []
    for n, batch in enumerate(batched(records)):
        for rec, doc in zip(batch, runner.run([document(r.text, r.record_id) for r in batch]), strict=True):
            out.append(example(rec, doc))
        print(f"{(n + 1) * len(batch)} records", file=sys.stderr, flush=True)
    if cache is not None:
        cache.write_bytes(pickle.dumps(out))
    return out


def gold_tokens(rec, span: tuple[int, int]) -> set[int]:
    return {i for i, tok in enumerate(rec.tokens) if overlaps(tok, span)}


def example(rec, doc) -> dict:
    """One record's candidates as training examples (see :func:`examples`)."""
    from eventwire.evaluate.eventloc import rule_places

    item = {"text": rec.text, "gold": set(rec.gold), "feats": [], "labels": [], "tokens": [], "next": [],
            "rule": set()}
    if isinstance(doc, str):
        return item
    item["rule"] = rec.tokens_in(rule_places(doc, rec.verb)[0])
    cand, _how = gold_candidate(doc, rec.verb)
    cands = linker.candidates(doc)
    for k, c in enumerate(cands):
        toks = gold_tokens(rec, (c.start, c.end))
        item["feats"].append(linker.features(doc, cand, cands, k))
        item["labels"].append(bool(toks & rec.gold))
        nxt = doc.spacy[c.last + 1] if c.last + 1 < len(doc.spacy) else None
        nxt_toks = gold_tokens(rec, (nxt.idx, nxt.idx + len(nxt.text))) if nxt is not None else set()
        item["tokens"].append(toks)
        item["next"].append((linker.descriptor_key(nxt) if nxt is not None else "", nxt_toks))
    return item


def descriptor_table(items: list[dict]) -> list[str]:
    """Descriptor words that the gold includes after a linked name more often than not."""
    seen, kept = Counter(), Counter()
    for it in items:
        for label, (word, toks) in zip(it["labels"], it["next"], strict=True):
            if label and word.rstrip("^") in linker.DESCRIPTORS:
                seen[word] += 1
                kept[word] += bool(toks & it["gold"])
    return sorted(w for w in seen if seen[w] >= 3 and kept[w] / seen[w] > 0.5)


class Vocab:
    """Feature names -> columns (names seen at least twice in training)."""

    def __init__(self, items: list[dict]) -> None:
        counts = Counter(f for it in items for fs in it["feats"] for f in set(fs))
        self.names = sorted(f for f, n in counts.items() if n >= 2 and f != "bias")
        self.index = {f: i for i, f in enumerate(self.names)}

    def matrix(self, items: list[dict]) -> tuple[np.ndarray, np.ndarray]:
        from scipy.sparse import csr_matrix

        rows = [fs for it in items for fs in it["feats"]]
        cells = [(r, j) for r, fs in enumerate(rows) for j in {self.index.get(f) for f in fs} if j is not None]
        r_idx = np.array([c[0] for c in cells], dtype=np.int64)
        c_idx = np.array([c[1] for c in cells], dtype=np.int64)
        x = csr_matrix((np.ones(len(cells), dtype=np.float32), (r_idx, c_idx)), shape=(len(rows), len(self.names)))
        y = np.array([lab for it in items for lab in it["labels"]], dtype=int)
        return x, y


def fit(items: list[dict], c: float) -> tuple[Vocab, LogisticRegression]:
    vocab = Vocab(items)
    x, y = vocab.matrix(items)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, y)
    return vocab, model


def token_counts(items: list[dict], probs: list[np.ndarray], thr: float, desc: set[str]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for it, p in zip(items, probs, strict=True):
        pred: set[int] = set()
        for k in linker.decide(list(p), it["feats"], thr):
            pred |= it["tokens"][k]
            word, toks = it["next"][k]
            if word in desc:
                pred |= toks
        tp += len(pred & it["gold"])
        fp += len(pred - it["gold"])
        fn += len(it["gold"] - pred)
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def predict(vocab: Vocab, model: LogisticRegression, items: list[dict]) -> list[np.ndarray]:
    out = []
    for it in items:
        if not it["feats"]:
            out.append(np.zeros(0))
            continue
        x, _ = vocab.matrix([it])
        out.append(model.predict_proba(x)[:, 1])
    return out


def cross_validate(items: list[dict], cs: list[float]) -> tuple[float, float, dict]:
    """Pick C and the threshold by 5-fold CV grouped by text; the F1 of every pair."""
    groups = [it["text"] for it in items]
    totals: dict = defaultdict(lambda: np.zeros(3))
    for tr, te in GroupKFold(n_splits=5).split(items, groups=groups):
        train = [items[i] for i in tr]
        test = [items[i] for i in te]
        desc = set(descriptor_table(train))
        for c in cs:
            vocab, model = fit(train, c)
            probs = predict(vocab, model, test)
            for thr in THRESHOLDS:
                totals[(c, thr)] += token_counts(test, probs, thr, desc)
    scores = {k: prf(*v) for k, v in totals.items()}
    best = max(scores, key=lambda k: scores[k][2])
    return best[0], best[1], scores


def split_by_text(items: list[dict]) -> tuple[list[dict], list[dict]]:
    texts = sorted({it["text"] for it in items})
    random.Random(SEED).shuffle(texts)
    held = set(texts[: len(texts) // 5])
    return [it for it in items if it["text"] not in held], [it for it in items if it["text"] in held]


def rule_linker(items: list[dict]) -> tuple[float, float, float]:
    """The rule linker's token P/R/F1 (as the scorer computed it before the trained one)."""
    tp = sum(len(it["rule"] & it["gold"]) for it in items)
    fp = sum(len(it["rule"] - it["gold"]) for it in items)
    fn = sum(len(it["gold"] - it["rule"]) for it in items)
    return prf(tp, fp, fn)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--cs", default="0.1,0.3,1.0")
    args = ap.parse_args()
    items = examples(args.gold, args.cache)
    cover = sum(len(set().union(*it["tokens"]) & it["gold"]) if it["tokens"] else 0 for it in items)
    report = {"records": len(items), "gold_tokens": sum(len(it["gold"]) for it in items),
              "gold_tokens_in_candidates": cover}
    train, held = split_by_text(items)
    c, thr, scores = cross_validate(train, [float(x) for x in args.cs.split(",")])
    report["cv5_train"] = {"C": c, "threshold": thr, "p_r_f1": [round(v, 4) for v in scores[(c, thr)]]}
    vocab, model = fit(train, c)
    desc = set(descriptor_table(train))
    report["heldout"] = {"records": len(held), "p_r_f1": [round(v, 4) for v in prf(*token_counts(held, predict(vocab, model, held), thr, desc))]}
    report["heldout_rule_linker"] = [round(v, 4) for v in rule_linker(held)]
    vocab, model = fit(items, c)
    desc_all = descriptor_table(items)
    report["all_fit_on_all"] = [round(v, 4) for v in prf(*token_counts(items, predict(vocab, model, items), thr, set(desc_all)))]
    print(json.dumps(report, indent=1))
    if args.write:
        weights = {n: round(float(w), 5) for n, w in zip(vocab.names, model.coef_[0], strict=True) if abs(w) > 1e-4}
        weights["bias"] = round(float(model.intercept_[0]), 5)
        out = {"about": "eventwire event->place linker: logistic regression over binary features "
                        "(scripts/train_eventloc.py, Halterman 2019 accepted records)",
               "C": c, "threshold": thr, "descriptors": desc_all, "weights": weights}
        linker.MODEL_PATH.write_text(json.dumps(out, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {linker.MODEL_PATH}", file=sys.stderr)


if __name__ == "__main__":
    main()
