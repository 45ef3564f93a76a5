"""eventwire: raw news reports in, structured, geolocated, source-attributed events out.

The library is the product; the command line (``eventwire``) is a thin shell over it::

    from eventwire import code_text
    events = code_text(open("article.txt").read(), published="2018-09-08")
"""

__version__ = "0.1.0"

from eventwire.api import code_articles, code_text  # noqa: E402

__all__ = ["__version__", "code_articles", "code_text"]
