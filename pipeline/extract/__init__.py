"""The extract stage: documents in, records out.

Layers, each importing only those before it: `record` (the JSON record, checked against
`pipeline/schema/record.schema.json` with fastjsonschema) and `language` (language detection);
then the extractors (`pipeline.extractors`); then `nlp` (one spaCy pipeline per language with
the extractors as components), `step` (one document's extraction), `inputs` (what extract reads),
`engines` (where a batch runs: local processes or Dask) and `stage` (the command's batch: order,
outputs, summary). This file imports nothing, so `pipeline.extract.record` stays a low layer.
"""
