"""The responsibility matrix uses the width it has (issue 11, item 6)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_matrix_shows_every_role_column_on_a_desktop(browser, real_url: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{real_url}/matrix.html")
    fit = page.evaluate(
        """() => {
          const wrap = document.querySelector('.kb-matrix-wrap');
          const heads = [...document.querySelectorAll('.kb-matrix thead th')];
          const last = heads[heads.length - 1].getBoundingClientRect();
          return {columns: heads.length, overflow: wrap.scrollWidth - wrap.clientWidth,
                  lastRight: last.right, width: window.innerWidth};
        }"""
    )
    assert fit["columns"] == 8  # the practice column and seven roles
    assert fit["overflow"] <= 1, "the table scrolls sideways on a 1366-px desktop"
    assert fit["lastRight"] <= fit["width"], "the last role column is cut off"
    page.close()
