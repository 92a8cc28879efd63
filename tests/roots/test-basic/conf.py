project = "Test playbook"
extensions = ["myst_parser", "sphinx_design", "kb"]
html_theme = "pydata_sphinx_theme"
html_sidebars = {"**": []}
html_theme_options = {"show_prev_next": False, "article_footer_items": ["kb-reading-path.html"]}
html_extra_path = ["downloads"]
exclude_patterns = ["downloads", "_build"]
