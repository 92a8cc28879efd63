"""Values that reach links and CSS: only safe shapes are accepted (validated, not escaped).

Escaping keeps a value inside its attribute or text, but ``javascript:alert(1)`` is a perfectly
well-escaped ``href``, and ``red;}body{display:none`` a well-escaped CSS value. So URLs and
colours from settings files and the bibliography are checked against an allow-list instead.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

# Browsers drop control characters inside a scheme ("java\tscript:"); quotes and angle brackets
# are never needed unencoded and would leave an attribute written without escaping.
_CONTROL = re.compile(r"[\x00-\x20\x7f\\\"'<>`]")
_HOST = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,100}")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_FUNCTION = re.compile(r"(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([0-9a-z.%,/ +-]*\)")
_NAMED = re.compile(r"[a-zA-Z]{3,30}")

URL_HINT = "use an https:// or http:// address, or a relative path"
COLOUR_HINT = "use a CSS colour such as #1f5f8b, rgb(31 95 139) or a colour name"


def is_safe_url(value: str, relative: bool = True) -> bool:
    """An http(s) URL, or (when ``relative``) a path with no scheme and no host."""
    if not value or _CONTROL.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in ("https", "http") and bool(parts.netloc)
    return relative and not parts.netloc and not value.startswith("//")


def is_host(value: str) -> bool:
    """A domain name such as playbook.example.org (no scheme, no path)."""
    return bool(_HOST.fullmatch(value))


def is_plain_name(value: str) -> bool:
    """A branch or similar name: letters, digits, '.', '_', '/', '-'."""
    return bool(_NAME.fullmatch(value)) and ".." not in value


def is_css_colour(value: str) -> bool:
    """A hex colour, a colour function with plain arguments, or a colour name."""
    return any(pattern.fullmatch(value) for pattern in (_HEX, _FUNCTION, _NAMED))


def script_json(value: object) -> str:
    """JSON safe inside an HTML ``<script>`` element.

    The HTML parser ends a script at ``</script>``, and ``<!--`` switches it into a mode that can
    swallow the rest of the page; neither can occur once every ``<`` is ``\\u003c``. ``>`` and
    ``&`` go too, and the line separators that older JavaScript engines reject in strings.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text
