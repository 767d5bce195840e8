"""docs/rules/*.md are generated from the rules and must be current."""

from __future__ import annotations

from integration_lint.docgen import render_all
from lintutil import REPO


def test_rule_docs_are_current():
    target = REPO / "docs" / "rules"
    pages = render_all()
    stale = [
        name
        for name, text in pages.items()
        if not (target / name).exists() or (target / name).read_text(encoding="utf-8") != text
    ]
    extra = [p.name for p in target.glob("*.md") if p.name not in pages]
    assert not stale and not extra, (
        f"stale: {stale}, extra: {extra}; run `python -m integration_lint.docgen docs/rules`"
    )


def test_rule_docs_link_the_guideline_sections_that_exist():
    guideline = (REPO / "docs" / "guidelines" / "integrations.md").read_text(encoding="utf-8")
    for name, text in render_all().items():
        for anchor in __import__("re").findall(r"integrations\.md#([a-z-]+)", text):
            assert f'<a id="{anchor}"></a>' in guideline, f"{name} links missing anchor #{anchor}"
