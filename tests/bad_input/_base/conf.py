"""Sphinx configuration. Forks change content/site.yml and content/taxonomy.yml, not this file."""

from pathlib import Path

from kb.site import sphinx_config

globals().update(sphinx_config(Path(__file__).parent))
