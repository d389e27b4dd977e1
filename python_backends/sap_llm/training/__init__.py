"""Training of the document classifier and the field tagger, baselines and evaluation (torch at train time only)."""
