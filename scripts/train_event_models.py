"""Train (or cross-validate) eventwire's event classifier, ``events.classify.v1``.

    python scripts/train_event_models.py --cv       # 5-fold CV figures, the `eval` scorers
    python scripts/train_event_models.py --write    # fit on all data, write data/models/events-v1/

Data (read from ../shared/gold, never copied into the repository):
- CASE 2021 Task 2 snippets (30 labels: 25 ACLED sub-event types, 5 not ACLED);
- ConfliBERT's CAMEO pentaclass sentences (0-4);
- the PLOVER gold-standard records (PLOVER 0.5 names read as today's);
plus the examples written for eventwire in ``src/eventwire/data/training/*.tsv``
(``text<TAB>head<TAB>label``; head ``code`` with an ontology code, or ``event`` with
``none`` for texts that report no event), which are always in training, never scored.

Every text is coded by the standard pipeline up to (not including) the classifier, once.
The features of its main sentence (the first with an asserted rule event, else the
first) train two heads: ``code`` over the ontology's codes, where a gold label stands for
every code that has it (``decide.compatible``) and the example is spread over them by EM
(evenly, then by the model's belief), and ``event`` (every gold text against the
written no-event examples). ``--cv``: 5 folds per gold set (stratified, identical texts in one
fold, seed 0); the models of fold k are trained on the other folds of all three sets and
applied to fold k's documents by the real step, which are then assembled and scored by
the suite's own scorer. The rules-only figures on the same documents are printed beside.
"""

from __future__ import annotations

import argparse
import copy
import gc
import csv
import json
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
MODEL_DIR = ROOT / "src" / "eventwire" / "data" / "models" / "events-v1"
TRAINING = ROOT / "src" / "eventwire" / "data" / "training"
SEED = 0
FOLDS = 5
SUITES = ("case2021", "cameo", "plover")
SETTINGS = {"rule_bonus": math.log(2.0), "min_add": 0.0, "max_none_add": 0.5, "max_none_keep": 1.0,
            "max_retype_sentences": 0}
EM_ROUNDS = 2
CHUNK = 400


@dataclass
class Item:
    """One text to code: its suite (or ``own``), head, label and gold record."""

    suite: str
    head: str
    label: str
    text: str
    gold: object = None
    doc: object = None
    snapshot: list = field(default_factory=list)
    feats: object = None
    fold: int = -1


def load_items(limit: int | None = None) -> list[Item]:
    """The gold items of the three training suites (the first ``limit`` of each, for a
    quick check) and the examples written for eventwire."""
    from eventwire.evaluate import cameo, case, plover

    items = [Item("case2021", "acled", s.label, s.text, s)
             for s in case.load(GOLD / "case2021-task2" / "case2021_task2.tsv", limit)]
    items += [Item("cameo", "penta", s.label, s.text, s)
              for s in cameo.load_classes(GOLD / "conflibert-cameo" / "cameo_class_train.tsv", limit)]
    items += [Item("plover", "plover", r.event, r.text, r)
              for r in plover.load(GOLD / "plover-gsr" / "PLOVER_GSR_CAMEO.json", limit)]
    for path in sorted(TRAINING.glob("*.tsv")):
        for row in csv.reader(path.read_text("utf-8").splitlines(), delimiter="\t"):
            if row and not row[0].startswith("#") and len(row) == 3:
                items.append(Item("own", row[1], row[2], row[0]))
    return items


def code_items(items: list[Item], keep_docs: bool = True) -> None:
    """Code every text up to the classifier; keep its features (and its document, for CV)."""
    from eventwire.classify.features import featurize
    from eventwire.doc import RawArticle
    from eventwire.pipeline import DEFAULT_STEPS, Pipeline

    steps = [s for s in DEFAULT_STEPS if s not in ("events.classify.v1", "events.assemble.v1")]
    for lo in range(0, len(items), CHUNK):  # a fresh pipeline per chunk: its caches stay small
        pipe = Pipeline(steps)
        chunk = items[lo : lo + CHUNK]
        raws = [RawArticle(text=it.text, article_id=f"train-{lo + i}") for i, it in enumerate(chunk)]
        for it, outcome in zip(chunk, pipe.pipe(raws, batch_size=32), strict=True):
            _keep(it, outcome.doc, keep_docs)
        del pipe
        gc.collect()


def _keep(it: Item, doc, keep_docs: bool) -> None:
    from eventwire.classify.features import featurize

    it.doc = doc
    if doc is None or not doc.sentences:
        return
    it.snapshot = [copy.copy(c) for c in doc.candidates]
    main = next((c for c in doc.candidates if c.modality == "asserted"), None)
    si = main.sentence_index if main is not None else 0
    it.feats = featurize(doc, si, [c for c in doc.candidates if c.sentence_index == si])
    if not keep_docs:  # documents hold the parses: gigabytes for the whole set
        it.doc, it.snapshot = None, []


def assign_folds(items: list[Item]) -> None:
    """Stratified folds per gold set; identical texts share a fold."""
    from sklearn.model_selection import StratifiedGroupKFold

    for suite in SUITES:
        members = [it for it in items if it.suite == suite]
        groups = {t: i for i, t in enumerate(dict.fromkeys(it.text for it in members))}
        split = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
        labels = [it.label for it in members]
        for k, (_, test) in enumerate(split.split(members, labels, [groups[it.text] for it in members])):
            for i in test:
                members[i].fold = k


def fit_head(examples: list[tuple], c_value: float, balanced: bool = False):
    """One multinomial logistic regression over ``(features, label, weight)`` examples
    (dense + binary features)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from eventwire.classify.model import LinearModel

    counts: dict[str, int] = {}
    for feats in {id(f): f for f, _, _ in examples}.values():
        for n in feats.names:
            counts[n] = counts.get(n, 0) + 1
    vocab = {n: i for i, n in enumerate(sorted(n for n, k in counts.items() if k >= 2))}
    dense = np.stack([f.dense for f, _, _ in examples])
    mean, scale = dense.mean(axis=0), dense.std(axis=0) + 1e-3
    cols = [[vocab[n] for n in f.names if n in vocab] for f, _, _ in examples]
    indptr = np.cumsum([0, *map(len, cols)])
    binary = sparse.csr_matrix((np.ones(indptr[-1]), np.array([i for c in cols for i in c], dtype=int),
                                indptr), shape=(len(examples), len(vocab)))
    x = sparse.hstack([sparse.csr_matrix((dense - mean) / scale), binary]).tocsr()
    model = LogisticRegression(C=c_value, max_iter=500, tol=1e-3,
                               class_weight="balanced" if balanced else None)
    model.fit(x, [y for _, y, _ in examples], sample_weight=np.array([w for _, _, w in examples]))
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one logit for the second class: as a softmax over [0, it]
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.array([0.0, intercept[0]])
    return LinearModel(labels=tuple(str(c) for c in model.classes_), vocab=vocab,
                       mean=mean.astype("float32"), scale=scale.astype("float32"),
                       coef=coef.astype("float32"), intercept=intercept.astype("float32"))


def fit_code_head(items: list[Item], c_value: float, rounds: int = EM_ROUNDS):
    """The code head. A gold label stands for all the codes that have it; each example is
    spread over those codes, first evenly, then (for ``rounds - 1`` refits) in proportion
    to the previous model's belief, so it settles on the code its words point to."""
    from eventwire.classify.decide import compatible

    rows = [(it.feats, compatible(it.suite, it.label)) for it in items
            if it.feats is not None and (it.suite in SUITES or it.head == "code")]
    weights = [{c: 1 / len(codes) for c in codes} for _, codes in rows if codes]
    rows = [r for r in rows if r[1]]
    for r in range(rounds):
        model = fit_head([(f, c, w) for (f, _), ws in zip(rows, weights) for c, w in ws.items()],
                         c_value)
        if r == rounds - 1:
            return model
        for i, (f, codes) in enumerate(rows):
            p = model.proba(f)
            raw = {c: p.get(c, 0.0) + 1e-6 for c in codes}
            total = sum(raw.values())
            weights[i] = {c: v / total for c, v in raw.items() if v / total >= 0.02}
    raise ValueError("rounds must be at least 1")


def fit_all(items: list[Item], c_value: float, settings: dict):
    """The code head and the event head, whose positives are every gold text and whose
    negatives are the no-event examples written for eventwire."""
    from eventwire.classify.model import EventModels

    events = [(it.feats, "event", 1.0) for it in items if it.suite in SUITES and it.feats is not None]
    nones = [(it.feats, it.label, 1.0) for it in items if it.head == "event" and it.feats is not None]
    heads = {"code": fit_code_head(items, c_value),
             "event": fit_head([*events, *nones], c_value, balanced=True)}
    return EventModels(heads=heads, settings=settings)


def predict(items: list[Item], models) -> list:
    """Run the step (``models``; None: rules only) and assembly on each item's document."""
    from eventwire.assemble import AssembleStep
    from eventwire.classify.step import classify

    assemble = AssembleStep(None)
    docs = []
    for it in items:
        if it.doc is None:
            docs.append(None)
            continue
        it.doc.candidates = [copy.copy(c) for c in it.snapshot]
        for c in it.doc.candidates:
            c.notes = dict(c.notes)
        if models is not None:
            classify(it.doc, models)
        # a shallow copy keeps this run's events: the next run assembles a new list
        docs.append(copy.copy(assemble(it.doc)))
    return docs


def score(suite: str, items: list[Item], docs: list) -> dict:
    """The suite's own metrics of the coded documents."""
    from eventwire.evaluate import cameo, case, plover
    from eventwire.evaluate.coding import main_event

    if suite == "case2021":
        return case.score([it.label for it in items], [case.label_of(d) for d in docs])
    if suite == "cameo":
        pred = [cameo.pentaclass(e.cameo) if (e := main_event(d)) else cameo.NONE for d in docs]
        return cameo.score_classes([it.label for it in items], pred)
    return plover.score([it.gold for it in items], [plover.predict_one(d) for d in docs])


def cross_validate(items: list[Item], c_value: float, variants: list[dict]) -> list[dict]:
    """Figures per suite from the held-out folds, for each variant of the decision
    settings (the models of a fold are fitted once), and rules only, for comparison."""
    from dataclasses import replace

    assign_folds(items)
    held: list[dict[str, list]] = [{s: [] for s in SUITES} for _ in variants]
    none_p: list[float] = []
    for k in range(FOLDS):
        models = fit_all([it for it in items if it.fold != k], c_value, variants[0])
        test = [it for it in items if it.suite in SUITES and it.fold == k]
        none_p += [models.heads["event"].proba(it.feats).get("none", 0.0) for it in test if it.feats]
        for v, settings in enumerate(variants):
            for suite in SUITES:
                members = [it for it in test if it.suite == suite]
                docs = predict(members, replace(models, settings=settings))
                held[v][suite] += list(zip(members, docs, strict=True))
    out = []
    for v, settings in enumerate(variants):
        row: dict = {"settings": settings, "event_head_none_rate": {
            str(t): round(float(np.mean([p > t for p in none_p])), 4) for t in (0.3, 0.5, 0.7, 0.9)}}
        for suite in SUITES:
            members = [it for it, _ in held[v][suite]]
            row[suite] = score(suite, members, [d for _, d in held[v][suite]])
        out.append(row)
    out.append({"rules_only": {s: score(s, [it for it in items if it.suite == s],
                                          predict([it for it in items if it.suite == s], None))
                               for s in SUITES}})
    return out


def bench(folder: Path) -> dict:
    """Milliseconds per article of the classifier step against spaCy's ``nlp()`` on the
    example articles (each coded up to the classifier first; the parse timed on its own)."""
    from eventwire.classify.features import featurize
    from eventwire.classify.model import shipped
    from eventwire.classify.step import classify
    from eventwire.ingest.readers import read_paths
    from eventwire.pipeline import DEFAULT_STEPS, Pipeline

    steps = [s for s in DEFAULT_STEPS if s not in ("events.classify.v1", "events.assemble.v1")]
    pipe = Pipeline(steps)
    docs = [pipe(raw) for raw in read_paths([folder]) if not isinstance(raw, Exception)]
    models = shipped()
    nlp = pipe.resources.nlp
    t0 = time.perf_counter()
    for d in docs:
        nlp(d.text)
    t1 = time.perf_counter()
    for _ in range(5):
        for d in docs:
            d.candidates = [copy.copy(c) for c in d.candidates]
            classify(d, models)
    t2 = time.perf_counter()
    for d in docs:  # the worst case: features and both models for every sentence
        for si in range(len(d.sentences)):
            feats = featurize(d, si, [c for c in d.candidates if c.sentence_index == si])
            for head in models.heads.values():
                head.proba(feats)
    t3 = time.perf_counter()
    return {"articles": len(docs), "sentences": sum(len(d.sentences) for d in docs),
            "nlp_ms_per_article": round(1000 * (t1 - t0) / len(docs), 2),
            "classify_ms_per_article": round(1000 * (t2 - t1) / (5 * len(docs)), 2),
            "every_sentence_ms_per_article": round(1000 * (t3 - t2) / len(docs), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="print 5-fold cross-validated figures")
    parser.add_argument("--write", action="store_true", help="fit on all data, write the model files")
    parser.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--settings", default="", help="JSON overriding decision settings")
    parser.add_argument("--limit", type=int, default=None, help="only the first N of each gold set")
    parser.add_argument("--grid", default="", help="JSON list of settings overrides to compare in --cv")
    parser.add_argument("--bench", action="store_true", help="time the step against nlp() on examples/articles")
    args = parser.parse_args(argv)
    if args.bench:
        print(json.dumps(bench(ROOT / "examples" / "articles")))
        return 0
    settings = {**SETTINGS, **(json.loads(args.settings) if args.settings else {})}
    started = time.time()
    items = load_items(args.limit)
    code_items(items, keep_docs=args.cv)
    print(f"coded {len(items)} texts in {time.time() - started:.0f} s", file=sys.stderr)
    if args.cv:
        variants = [settings, *({**settings, **g} for g in json.loads(args.grid or "[]"))]
        print(json.dumps(cross_validate(items, args.C, variants), indent=1))
    if args.write:
        from eventwire.classify.model import save

        save(fit_all(items, args.C, settings), MODEL_DIR)
        print(f"wrote {MODEL_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
