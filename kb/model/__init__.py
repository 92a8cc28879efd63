"""The pure content model: records, front-matter loading and validation (no Sphinx imports)."""
