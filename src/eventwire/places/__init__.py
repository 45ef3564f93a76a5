"""Places: the embedded gazetteer and the name keys used to look places up."""
