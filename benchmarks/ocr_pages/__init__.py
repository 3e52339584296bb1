"""Newspaper pages with real OCR damage (see README.md and generate.py)."""
