"""The spaCy backend: loading the installed model and parsing documents in batches."""
