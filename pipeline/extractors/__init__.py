"""Rule-based extractors, one spaCy component per kind; language data in pipeline/data/<lang>/."""
