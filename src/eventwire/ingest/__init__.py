"""Reading input and cleaning articles.

- :func:`read_paths` streams articles (or an InputError per unusable input) from files
  and folders: plain text, HTML, JSON and JSON Lines; :func:`read_text` reads one string.
- :func:`clean_text` cuts a scraped article down to its text and headline; the pipeline
  step ``clean.boilerplate.v1`` (:class:`CleanStep`) applies it to each document.
"""

from eventwire.ingest.clean import CleanResult, CleanStep, article_key, clean_text
from eventwire.ingest.readers import check_date, read_paths, read_text

__all__ = [
    "CleanResult",
    "CleanStep",
    "article_key",
    "check_date",
    "clean_text",
    "read_paths",
    "read_text",
]
