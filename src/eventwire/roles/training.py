"""Training and cross-validation of the role tagger and the police classifier.

Used by ``scripts/train_actor_models.py`` only: it needs scikit-learn, which eventwire
does not need at run time. Cross-validated figures use the ``eval`` suites' own scorers
(:func:`eventwire.evaluate.cameo.score_spans`, :func:`eventwire.evaluate.police.score`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np

from eventwire.evaluate.coding import OffsetMap
from eventwire.lexicon import Lexicon
from eventwire.roles.features import sentence_vector, token_matrix
from eventwire.roles.police import LABELS, PoliceClassifier
from eventwire.roles.tagger import TAGS, SpanTagger

SEED = 0
FOLDS = 5


def say(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


# ---- spans -------------------------------------------------------------------------------

def _token_tags(item, doc, cleaned: str) -> list[int]:
    """The gold tag index of each spaCy token (the tag of the gold token it starts in)."""
    back = OffsetMap(item.text, cleaned)
    tags, prev_gold = [], -1
    for tok in doc:
        at = back(tok.idx)
        k = next((j for j, (s, e) in enumerate(item.offsets) if s <= at < e), -1)
        label = item.labels[k] if k >= 0 else "O"
        if label.startswith("B-") and k == prev_gold:
            label = "I-" + label[2:]
        tags.append(TAGS.index(label))
        prev_gold = k
    return tags


def span_data(items, docs, cleaned, lexicon):
    """Per item: [(sentence span, features, gold tags)]."""
    data = []
    for item, doc, text in zip(items, docs, cleaned, strict=True):
        tags = _token_tags(item, doc, text) if len(doc) else []
        data.append([(s, token_matrix(s, lexicon), np.array(tags[s.start:s.end])) for s in doc.sents])
    return data


def fit_tagger(rows: list) -> SpanTagger:
    """A tagger fitted on [(span, features, tags)]."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([f for _, f, _ in rows])
    y = np.concatenate([t for _, _, t in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=SPAN_C, max_iter=400, random_state=SEED)
    model.fit((x - mean) / scale, y)
    weights = np.zeros((x.shape[1], len(TAGS)), dtype=np.float32)
    bias = np.zeros(len(TAGS), dtype=np.float32)
    for j, cls in enumerate(model.classes_):
        weights[:, cls] = model.coef_[j]
        bias[cls] = model.intercept_[j]
    missing = set(range(len(TAGS))) - set(model.classes_)
    bias[list(missing)] = -30.0
    return SpanTagger(weights, bias, mean.astype(np.float32), scale.astype(np.float32),
                      TRANSITION_WEIGHT * transition_scores(rows))


TRANSITION_WEIGHT = 0.0  # CV: learned transitions x0 0.473, x0.5 0.467, x1 0.403
SPAN_C = 0.1


def transition_scores(rows: list) -> np.ndarray:
    """log P(tag j | tag i) over the training sentences (add-one smoothed)."""
    counts = np.ones((len(TAGS), len(TAGS)))
    for _, _, tags in rows:
        for a, b in zip(tags, tags[1:]):
            counts[a, b] += 1
    return np.log(counts / counts.sum(axis=1, keepdims=True)).astype(np.float32)


def item_spans(tagger: SpanTagger, rows, item, doc, cleaned: str) -> set:
    """Predicted (kind, first gold token, last gold token) spans of one item, mapped as the
    cameo-spans scorer maps actor spans."""
    return _decoded(tagger, [(span, tagger.probabilities(f)) for span, f, _ in rows], item, doc, cleaned)


def folds_by_group(groups: list[str], n: int = FOLDS) -> list[int]:
    """A fold number per item; items sharing a group share a fold (seeded shuffle)."""
    uniq = sorted(set(groups))
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(uniq))
    fold_of = {uniq[i]: k % n for k, i in enumerate(order)}
    return [fold_of[g] for g in groups]


def run_spans(args, parse_texts: Callable) -> None:
    from eventwire.evaluate.cameo import bio_spans, load_spans, score_spans

    items = load_spans(args.gold / "conflibert-cameo" / "cameo_ner_train.txt")
    docs, cleaned = parse_texts([i.text for i in items], args.cache, "cameo_spans")
    lexicon = Lexicon.load()
    data = span_data(items, docs, cleaned, lexicon)
    say(f"spans: {len(items)} sentences, {sum(len(r) for r in data)} spaCy sentences")
    if args.cv:
        folds = folds_by_group([i.text for i in items])
        pred: list[set] = [set() for _ in items]
        models = {}
        for k in range(FOLDS):
            train = [r for rows, f in zip(data, folds, strict=True) if f != k for r in rows]
            models[k] = tagger = fit_tagger(train)
            for j, f in enumerate(folds):
                if f == k:
                    pred[j] = item_spans(tagger, data[j], items[j], docs[j], cleaned[j])
            say(f"  fold {k} done")
        gold = [bio_spans(i.labels) for i in items]
        print("cameo-spans CV (tagger on every sentence):", score_spans(gold, pred), flush=True)
        if getattr(args, "dump", None):
            _dump_spans(args.dump, items, gold, pred)
        prior = tune_prior(models, data, items, docs, cleaned, folds, gold)
        for m in models.values():
            m.prior = prior
        pred = [item_spans(models[f], data[j], items[j], docs[j], cleaned[j])
                for j, f in enumerate(folds)]
        print("cameo-spans CV, decoding offsets tuned:", score_spans(gold, pred), flush=True)
        if getattr(args, "dump", None):
            _dump_spans(args.dump, items, gold, pred)
        if args.pipeline:
            print("cameo-spans CV (full pipeline):", pipeline_spans_cv(items, folds, models))
    if args.write:
        tagger = fit_tagger([r for rows in data for r in rows])
        tagger.prior = SPAN_PRIOR if not args.cv else prior
        save_tagger(tagger, args)


# Decoding offsets (S, T, R) chosen by cross-validation (see tune_prior; --cv prints them).
SPAN_OFFSETS = (0.0, 1.0, 1.0)


def _prior(s: float, t: float, r: float) -> np.ndarray:
    by_kind = {"O": 0.0, "S": s, "T": t, "R": r}
    return np.array([by_kind[tag[2:] or "O"] for tag in TAGS], dtype=np.float32)


SPAN_PRIOR = _prior(*SPAN_OFFSETS)


def tune_prior(models, data, items, docs, cleaned, folds, gold) -> np.ndarray:
    """The S/T/R decoding offsets with the best cross-validated macro F1 (a small grid)."""
    from eventwire.evaluate.cameo import score_spans

    probs = {j: [(span, models[f].probabilities(feats)) for span, feats, _ in data[j]]
             for j, f in enumerate(folds)}
    best = (-1.0, SPAN_PRIOR)
    for s in (0.0,):
        for t in (0.0, 0.5, 1.0, 1.5, 2.0):
            for r in (0.0, 1.0, 2.0, 3.0):
                prior = _prior(s, t, r)
                pred = []
                for j in range(len(items)):
                    tagger = models[folds[j]]
                    tagger.prior = prior
                    pred.append(_decoded(tagger, probs[j], items[j], docs[j], cleaned[j]))
                macro = score_spans(gold, pred)["macro_f1"]
                best = max(best, (macro, prior), key=lambda b: b[0])
                say(f"  offsets S {s} T {t} R {r}: {macro}")
    say("best offsets", best[1].tolist(), best[0])
    return best[1]


def _decoded(tagger, probs_rows, item, doc, cleaned) -> set:
    from eventwire.evaluate.cameo import _token_range

    back = OffsetMap(item.text, cleaned)
    sides: dict[tuple[int, int], set[str]] = {}
    for span, probs in probs_rows:
        for rs in tagger.decode(probs, span.start):
            a, b = doc[rs.start].idx, doc[rs.end - 1].idx + len(doc[rs.end - 1])
            found = _token_range(item.offsets, back(a), back(b - 1) + 1)
            if found:
                sides.setdefault(found, set()).update("ST" if rs.kind == "R" else rs.kind)
    return {("R" if len(k) == 2 else next(iter(k)), a, b) for (a, b), k in sides.items()}


def _dump_spans(path, items, gold, pred) -> None:
    """Gold and predicted spans of the items that differ (for error analysis, outside the
    repository: the gold text must not be copied into it)."""
    import json

    with open(path, "w", encoding="utf-8") as fh:
        for item, g, p in zip(items, gold, pred, strict=True):
            if g != p:
                show = lambda spans: sorted((k, " ".join(item.tokens[a:b + 1])) for k, a, b in spans)  # noqa: E731
                fh.write(json.dumps({"gold": show(g - p), "pred": show(p - g)}) + "\n")


def pipeline_spans_cv(items, folds, models) -> dict:
    """The cameo-spans figure through the whole pipeline, each fold coded by its own model."""
    from eventwire.evaluate.cameo import bio_spans, predicted_spans, score_spans

    pred: list[set] = [set() for _ in items]
    pipe = role_pipeline()
    for k, tagger in models.items():
        use_models(pipe, tagger=tagger)
        held = [j for j, f in enumerate(folds) if f == k]
        docs = code_with(pipe, [items[j].text for j in held])
        for j, d in zip(held, docs, strict=True):
            pred[j] = predicted_spans(items[j], d) if d is not None else set()
    return score_spans([bio_spans(i.labels) for i in items], pred)


def role_pipeline(*, roles: bool = True):
    """The default pipeline with the role steps in place (built whether or not the default
    list names them yet): the tagger (unless ``roles`` is false) before the actor step,
    police detection after it."""
    from eventwire.pipeline import DEFAULT_STEPS, Pipeline

    import os

    if os.environ.get("EVENTWIRE_CV_NO_LINKER"):  # the event-place linker's model is not built
        import eventwire.places.link as link

        link.linked_places = lambda *args, **kwargs: ()
    steps = [s for s in DEFAULT_STEPS if s not in ("actors.roles.v1", "police.detect.v1")]
    at = steps.index("actors.code.v1")
    steps[at:at + 1] = ["actors.roles.v1"] * roles + ["actors.code.v1", "police.detect.v1"]
    return Pipeline(steps)


def code_with(pipe, texts: list[str], published: list | None = None) -> list:
    """Coded documents (None where coding failed), as ``evaluate.coding.code_texts``."""
    from eventwire.doc import RawArticle

    dates = published or [None] * len(texts)
    raws = [RawArticle(text=t, published=d, article_id=f"gold-{i}")
            for i, (t, d) in enumerate(zip(texts, dates, strict=True))]
    return [o.doc for o in pipe.pipe(raws, batch_size=32)]


def use_models(pipeline, *, tagger: SpanTagger | None = None,
               police: PoliceClassifier | None = None) -> None:
    """Put fold models into a built pipeline's steps (for cross-validation)."""
    for step in pipeline.steps:
        if tagger is not None and hasattr(step, "tagger"):
            step.tagger = tagger
        if police is not None and hasattr(step, "classifier"):
            step.classifier = police


def save_tagger(tagger: SpanTagger, args) -> None:
    from pathlib import Path

    out = Path(__file__).resolve().parents[1] / "data" / "models"
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "actors_spans.npz", weights=tagger.weights, bias=tagger.bias,
                        mean=tagger.mean, scale=tagger.scale, transitions=tagger.transitions,
                        prior=tagger.prior)
    say(f"wrote {out / 'actors_spans.npz'}")


# ---- police ------------------------------------------------------------------------------

BUCKETS = 1 << 15


def police_data(gold_docs, docs, cleaned):
    """Per spaCy sentence: (doc number, span, gold labels of the gold sentences it overlaps)."""
    rows = []
    for n, (gold, doc, text) in enumerate(zip(gold_docs, docs, cleaned, strict=True)):
        back = OffsetMap(gold.text, text)
        for sent in doc.sents:
            a, b = back(sent.start_char), back(max(sent.start_char, sent.end_char - 1)) + 1
            labels = set()
            for g in gold.sentences:
                if g.start < b and a < g.end:
                    labels |= g.labels
            rows.append((n, sent, frozenset(labels)))
    return rows


def police_matrices(rows):
    """Sparse hashed-term matrix, mean-vector matrix and label matrix of the sentences."""
    from scipy.sparse import csr_matrix

    from eventwire.roles.features import hashed_terms

    indptr, indices = [0], []
    for _, sent, _ in rows:
        indices.extend(hashed_terms(sent, BUCKETS))
        indptr.append(len(indices))
    terms = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                       shape=(len(rows), BUCKETS))
    vectors = np.vstack([sentence_vector(s) for _, s, _ in rows])
    y = np.array([[lab in labels for lab in LABELS] for _, _, labels in rows])
    return terms, vectors, y


def fit_police(terms, vectors, y, thresholds=None) -> PoliceClassifier:
    """One logistic regression per label over [terms | vector]."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    x = hstack([terms, csr_matrix(vectors)]).tocsr()
    w_terms = np.zeros((BUCKETS, len(LABELS)), dtype=np.float32)
    w_vec = np.zeros((vectors.shape[1], len(LABELS)), dtype=np.float32)
    bias = np.zeros(len(LABELS), dtype=np.float32)
    for k in range(len(LABELS)):
        if y[:, k].sum() == 0:
            bias[k] = -30.0
            continue
        model = LogisticRegression(C=POLICE_C, solver="liblinear", class_weight="balanced",
                                   random_state=SEED)
        model.fit(x, y[:, k])
        w_terms[:, k] = model.coef_[0, :BUCKETS]
        w_vec[:, k] = model.coef_[0, BUCKETS:]
        bias[k] = model.intercept_[0]
    th = np.full(len(LABELS), 0.5, dtype=np.float32) if thresholds is None else thresholds
    return PoliceClassifier(w_terms, w_vec, bias, th.astype(np.float32))


POLICE_C = 0.5


def _oof_probs(terms, vectors, y, folds) -> np.ndarray:
    probs = np.zeros(y.shape, dtype=np.float32)
    folds = np.array(folds)
    for k in range(FOLDS):
        tr, te = folds != k, folds == k
        model = fit_police(terms[tr], vectors[tr], y[tr])
        z = terms[te] @ model.terms + vectors[te] @ model.vector + model.bias
        probs[te] = 1.0 / (1.0 + np.exp(-z))
    return probs


def best_thresholds(probs, y, gate) -> np.ndarray:
    """Per label, the threshold with the best F1 over the (gated) sentences."""
    out = np.zeros(len(LABELS), dtype=np.float32)
    for k in range(len(LABELS)):
        best = (-1.0, 0.5)
        for t in np.arange(0.2, 0.96, 0.025):
            p = (probs[:, k] >= t) & gate
            tp = float((p & y[:, k]).sum())
            f1 = 2 * tp / max(1.0, p.sum() + y[:, k].sum())
            best = max(best, (f1, float(t)))
        out[k] = best[1]
    return out


def police_cv_labels(gold_docs, rows, probs, thresholds, gate, docs, cleaned, classifier):
    """Per gold document, the labels of each gold sentence from out-of-fold predictions,
    each label put at the gold sentence of its trigger word (as the pipeline does)."""
    per_doc = [[set() for _ in g.sentences] for g in gold_docs]
    backs = {}
    for r, (n, sent, _) in enumerate(rows):
        if not gate[r]:
            continue
        gold = gold_docs[n]
        back = backs.get(n) or backs.setdefault(n, OffsetMap(gold.text, cleaned[n]))
        starts = [s.start for s in gold.sentences]
        for k, lab in enumerate(LABELS):
            if probs[r, k] < thresholds[k] or not starts:
                continue
            at = back(docs[n][classifier.trigger(sent, lab)].idx)
            i = max(0, next((j for j, s in enumerate(starts) if s > at), len(starts)) - 1)
            per_doc[n][i].add(lab)
    return [[frozenset(s) for s in d] for d in per_doc]


def run_police(args, parse_texts: Callable) -> None:
    from eventwire.evaluate.police import load, score
    from eventwire.roles.police import mentions_police

    gold_docs = load(args.gold / "indiapoliceevents")
    docs, cleaned = parse_texts([d.text for d in gold_docs], args.cache, "police")
    rows = police_data(gold_docs, docs, cleaned)
    terms, vectors, y = police_matrices(rows)
    gate = np.array([mentions_police(s) for _, s, _ in rows])
    say(f"police: {len(gold_docs)} docs, {len(rows)} spaCy sentences, {int(y.any(axis=1).sum())} "
        f"labelled, {int((y.any(axis=1) & ~gate).sum())} labelled without a police word")
    folds = folds_by_group([g.doc_id for g in gold_docs])
    row_folds = [folds[n] for n, _, _ in rows]
    probs = _oof_probs(terms, vectors, y, row_folds)
    thresholds = best_thresholds(probs, y, gate)
    say("thresholds", dict(zip(LABELS, thresholds.round(3).tolist(), strict=True)))
    if args.cv:
        full = fit_police(terms, vectors, y, thresholds)  # only its term weights pick triggers
        for name, g in (("gated", gate), ("ungated", np.ones_like(gate))):
            per_doc = police_cv_labels(gold_docs, rows, probs, thresholds, g, docs, cleaned, full)
            sent_gold = [s.labels for d in gold_docs for s in d.sentences]
            sent_pred = [p for d in per_doc for p in d]
            doc_pred = [frozenset().union(*d) for d in per_doc]
            out = {**score("sent", sent_gold, sent_pred),
                   **score("doc", [d.labels for d in gold_docs], doc_pred)}
            print(f"police CV, classifier alone ({name}):", out, flush=True)
        if args.pipeline:
            print("police CV (full pipeline):", pipeline_police_cv(gold_docs, folds, terms, vectors,
                                                                   y, row_folds, thresholds), flush=True)
    if args.write:
        model = fit_police(terms, vectors, y, thresholds)
        out = models_dir()
        np.savez_compressed(out / "police_actions.npz", terms=model.terms.astype(np.float16),
                            vector=model.vector, bias=model.bias, thresholds=model.thresholds)
        say(f"wrote {out / 'police_actions.npz'}")


def models_dir():
    from pathlib import Path

    out = Path(__file__).resolve().parents[1] / "data" / "models"
    out.mkdir(parents=True, exist_ok=True)
    return out


def pipeline_police_cv(gold_docs, folds, terms, vectors, y, row_folds, thresholds) -> dict:
    """The police figures through the whole pipeline, each fold coded by its own model."""
    from eventwire.evaluate.police import score, sentence_labels

    row_folds = np.array(row_folds)
    per_doc: list = [None] * len(gold_docs)
    pipe = role_pipeline(roles=False)  # the default pipeline's actor steps
    for k in range(FOLDS):
        tr = row_folds != k
        use_models(pipe, police=fit_police(terms[tr], vectors[tr], y[tr], thresholds))
        held = [j for j, f in enumerate(folds) if f == k]
        coded = code_with(pipe, [gold_docs[j].text for j in held],
                          published=[gold_docs[j].published for j in held])
        for j, d in zip(held, coded, strict=True):
            per_doc[j] = sentence_labels(gold_docs[j], d)
        say(f"  pipeline fold {k} done")
    sent_gold = [s.labels for d in gold_docs for s in d.sentences]
    sent_pred = [p for d in per_doc for p in d]
    doc_pred = [frozenset().union(*d) for d in per_doc]
    return {**score("sent", sent_gold, sent_pred), **score("doc", [d.labels for d in gold_docs], doc_pred)}
