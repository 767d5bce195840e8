"""Rules the engine itself emits: files it cannot analyse, and suppressions that suppress nothing."""

from __future__ import annotations

from .base import Rule, example, register


@register
class SyntaxErrorInFile(Rule):
    """
    ## What it does
    Reports a Python file that does not parse, at the position of the syntax error.

    ## Why is this bad?
    A file that does not parse cannot be checked: every other rule is blind to it. The run
    continues with the other files.

    ## Example
    ```python
    def sync(:
        pass
    ```

    ## Use instead
    Fix the syntax error (or exclude the file if it is a template, not Python).

    ## Fix safety
    No fix.

    ## Options
    None.
    """

    code = "IL000"
    name = "syntax-error"
    family = "engine"
    summary = "A Python file that does not parse"
    engine_rule = True
    valid = (example("x = 1\n", "parses"),)
    invalid = (example("def sync(:\n    pass\n", "unbalanced_parenthesis", lines=(1,)),)


@register
class UnusedSuppression(Rule):
    """
    ## What it does
    Reports a `# noqa: IL…` or `# integration-lint: ignore[IL…]` comment that suppresses no
    finding of the codes it names.

    ## Why is this bad?
    Stale suppressions hide future findings on that line and mislead readers into thinking the
    line still deviates from the guideline.

    ## Example
    ```python
    response = requests.get(url, timeout=10)  # noqa: IL402
    ```

    ## Use instead
    ```python
    response = requests.get(url, timeout=10)
    ```

    ## Fix safety
    No fix yet; delete the comment.

    ## Options
    Only codes that are enabled are checked; a bare `# noqa` and codes of other tools are never
    reported.
    """

    code = "IL001"
    name = "unused-suppression"
    family = "engine"
    summary = "A suppression comment that suppresses nothing"
    severity = "warning"
    engine_rule = True
    valid = (
        example(
            """
            import requests
            requests.get("https://api.example.com")  # noqa: IL402
            """,
            "suppression_in_use",
        ),
    )
    invalid = (
        example(
            """
            import requests
            requests.get("https://api.example.com", timeout=5)  # noqa: IL402
            """,
            "nothing_to_suppress",
            lines=(2,),
        ),
    )


@register
class UnreadableFile(Rule):
    """
    ## What it does
    Reports a `.py` file the linter could not read as Python source: not decodable in its
    declared encoding (PEP 263, UTF-8 by default), binary (contains NUL bytes), too large,
    unreadable (permissions, I/O error) or nested too deeply to traverse.

    It also reports an internal error of integration-lint itself, so that a bug never passes for
    a clean file: when one rule fails on a file, the finding names the rule, the error and the
    line; the other rules still run on that file. When the project pass fails to decide one
    cross-file finding, that site is reported instead of the finding. Please report these.

    ## Why is this bad?
    Such a file (or rule) is skipped, so the guideline rules did not all check it. Saying so,
    instead of silently passing, keeps a CI gate honest.

    ## Example
    A `settings.py` saved as Latin-1 without a `# -*- coding: latin-1 -*-` declaration.

    ## Use instead
    Save the file as UTF-8 (or declare its encoding), or exclude it.

    ## Fix safety
    No fix.

    ## Options
    None.
    """

    code = "IL002"
    name = "unreadable-file"
    family = "engine"
    summary = "A Python file that cannot be read or decoded"
    engine_rule = True
    valid = (example("# -*- coding: latin-1 -*-\nNAME = 'Jose'\n", "declared_encoding"),)
    invalid = (example("x = 1\x00\n", "nul_byte_means_binary", lines=(1,)),)
