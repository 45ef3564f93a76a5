"""Train (or cross-validate) eventwire's actor-role tagger and police-action classifier.

    python scripts/train_actor_models.py --cv       # 5-fold CV figures, same scorers as `eval`
    python scripts/train_actor_models.py --write    # fit on all data, write data/models/*.npz

Data (read from ../shared/gold, never copied into the repository):
- ConfliBERT's CAMEO spans (``conflibert-cameo/cameo_ner_train.txt``): BIO S/T/R tags.
  Sentences are parsed with the pipeline's own cleaning and parsing steps; each spaCy token
  takes the tag of the gold token it starts in. Folds group identical sentence texts.
- IndiaPoliceEvents (``indiapoliceevents/``): documents are cleaned and parsed as the
  pipeline does; each spaCy sentence takes the union of the labels of the gold sentences it
  overlaps. Folds group by document (``doc_id``), so no document is split.

Models are scikit-learn logistic regressions, shipped as numpy arrays (inference needs
numpy only). Parses are cached under ``--cache`` (spaCy DocBin) to make reruns fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"


def parse_texts(texts: list[str], cache: Path, name: str) -> tuple[list, list[str]]:
    """Cleaned text and spaCy doc of each text, as the pipeline makes them (cached)."""
    from spacy.tokens import DocBin

    from eventwire.doc import RawArticle
    from eventwire.pipeline import Pipeline

    pipe = Pipeline(["clean.boilerplate.v1", "nlp.parse.v1"])
    nlp = pipe.resources.nlp
    bin_path, txt_path = cache / f"{name}.spacy", cache / f"{name}.json"
    if bin_path.is_file() and txt_path.is_file():
        stored = json.loads(txt_path.read_text())
        if stored["n"] == len(texts):
            docs = list(DocBin().from_disk(bin_path).get_docs(nlp.vocab))
            return docs, stored["cleaned"]
    docs, cleaned = [], []
    raws = [RawArticle(text=t, article_id=f"{name}-{i}") for i, t in enumerate(texts)]
    for outcome in pipe.pipe(raws, batch_size=32):
        if outcome.doc is None:  # a text cleaning rejects: an empty parse keeps the order
            docs.append(nlp.make_doc(""))
            cleaned.append("")
            continue
        docs.append(outcome.doc.spacy)
        cleaned.append(outcome.doc.text)
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(bin_path)
    txt_path.write_text(json.dumps({"n": len(texts), "cleaned": cleaned}))
    return docs, cleaned


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="print 5-fold cross-validated figures")
    ap.add_argument("--write", action="store_true", help="fit on all data and write the models")
    ap.add_argument("--only", choices=("spans", "police"), help="one of the two models")
    ap.add_argument("--pipeline", action="store_true",
                    help="with --cv: also score through the full pipeline (slower)")
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "ew-roles")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--dump", type=Path, help="with --cv: write span errors here (JSONL)")
    args = ap.parse_args(argv)
    if not (args.cv or args.write):
        ap.error("say --cv, --write or both")
    from eventwire.roles import training  # scikit-learn: training only

    started = time.time()
    if args.only in (None, "spans"):
        training.run_spans(args, parse_texts)
    if args.only in (None, "police"):
        training.run_police(args, parse_texts)
    print(f"done in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
