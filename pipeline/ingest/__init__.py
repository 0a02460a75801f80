"""Ingest: turn files, folders and web pages into normalized documents (documents.jsonl)."""
