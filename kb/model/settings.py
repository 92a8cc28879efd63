"""Site settings (``site.yml``): loaded safely and validated, each problem at its line.

A broken or hostile setting is reported and dropped (its default is used), so the build goes
on to report every other problem; the strict build then fails and publishes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .frontmatter import load_yaml
from .problems import Problem, Subtype
from .safe import COLOUR_HINT, URL_HINT, is_css_colour, is_host, is_plain_name, is_safe_url

#: Each setting and the kind of value it takes.
SETTINGS: dict[str, str] = {
    "title": "text",
    "short_title": "text",
    "description": "text",
    "author": "text",
    "copyright_year": "text",
    "base_url": "url",
    "repository": "url",
    "logo": "url",
    "favicon": "url",
    "primary_color": "colour",
    "secondary_color": "colour",
    "footer": "text",
    "allow_raw_html": "bool",
    "noindex": "bool",
    "cname": "host",
    "branch": "name",
}


def load_site(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The valid settings of ``site.yml`` (an absent file means defaults) and its problems."""
    if not path.is_file():
        return {}, []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        return {}, [Problem(Subtype.config, f"cannot read the site settings: {err}", "save it as UTF-8 text", 1)]
    data, lines, problems = load_yaml(text, "site settings file", offset=1, hint="check the indentation and quoting")
    if problems:
        return {}, problems
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(Subtype.config, "the site settings are not a mapping", "write 'key: value' lines", 1)]
    out: dict[str, Any] = {}
    for key, value in data.items():
        line = lines.get((key,), 1)
        kind = SETTINGS.get(key)
        if kind is None:
            problems.append(
                Problem(Subtype.config, f"unknown site setting '{key}'", f"use only: {', '.join(SETTINGS)}", line)
            )
        elif value is None or value == "":
            continue
        elif kind == "bool":
            if isinstance(value, bool):
                out[key] = value
            else:
                problems.append(Problem(Subtype.config, f"'{key}' must be true or false", "write true or false", line))
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(Problem(Subtype.config, f"'{key}' must be text", "write a single line of text", line))
        elif kind == "url" and not is_safe_url(str(value)):
            problems.append(Problem(Subtype.config, f"'{key}' is not a safe address: '{value}'", URL_HINT, line))
        elif kind == "host" and not is_host(str(value)):
            problems.append(
                Problem(
                    Subtype.config, f"'{key}' is not a domain name: '{value}'", "write it as docs.example.org", line
                )
            )
        elif kind == "name" and not is_plain_name(str(value)):
            problems.append(
                Problem(
                    Subtype.config,
                    f"'{key}' is not a branch name: '{value}'",
                    "use letters, digits, '.', '_', '/', '-'",
                    line,
                )
            )
        elif kind == "colour" and not is_css_colour(str(value)):
            problems.append(Problem(Subtype.config, f"'{key}' is not a CSS colour: '{value}'", COLOUR_HINT, line))
        else:
            out[key] = str(value)
    return out, problems
