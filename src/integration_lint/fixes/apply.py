"""Apply findings' fixes to one source text, re-linting until nothing changes (bounded).

Each round lints the current text, picks the allowed fixes whose edits do not overlap (ruff:
a fix touching or overlapping an earlier one waits for the next round, when its finding is
recomputed against the new text), applies their edits, adds their imports with libcst, and
checks that the result still parses with libcst and `ast` (and compiles, when the input did).
A fix that would break the code is dropped with a reason; the others are kept.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import libcst as cst

from ..compat import parse_source

from ..model import DISPLAY_ONLY, SAFE, UNSAFE, Finding, Fix
from .edits import EditOutOfRange, OverlappingEdits, Positions, apply_edits
from .imports import add_imports

MAX_ROUNDS = 10

Lint = Callable[[str], Sequence[Finding]]


def allowed_applicabilities(unsafe: bool) -> frozenset[str]:
    return frozenset({SAFE, UNSAFE}) if unsafe else frozenset({SAFE})


@dataclass(frozen=True)
class Refusal:
    finding: Finding
    reason: str

    def describe(self) -> str:
        f = self.finding
        title = f.fix.message if f.fix else ""
        return f"{f.path}:{f.line}:{f.column}: {f.code} fix not applied ({title}): {self.reason}"


@dataclass
class FixOutcome:
    original: str
    text: str
    applied: list[Finding] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    rounds: int = 0
    converged: bool = True

    @property
    def changed(self) -> bool:
        return self.text != self.original


class Verifier:
    """Does a fixed text still parse? Checks are as strict as the original text allows."""

    def __init__(self, original: str) -> None:
        self.libcst_ok = syntax_error_libcst(original) is None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(original, "<original>", "exec", dont_inherit=True)
            self.compiles = True
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            self.compiles = False

    def error(self, text: str) -> str | None:
        # ast first: CPython's messages ("Generator expression must be parenthesized") are the
        # clearest; libcst second, since the fixes that add imports need libcst to read the file.
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = parse_source(text, "<fixed>")
                if self.compiles:
                    compile(tree, "<fixed>", "exec", dont_inherit=True)
        except SyntaxError as exc:
            return f"the result would not parse: {exc.msg} (line {exc.lineno})"
        except (ValueError, RecursionError, MemoryError) as exc:
            return f"the result would not parse: {type(exc).__name__}"
        return syntax_error_libcst(text) if self.libcst_ok else None


def syntax_error_libcst(text: str) -> str | None:
    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        return f"the result would not parse: {exc.message} (line {exc.raw_line})"
    except (RecursionError, MemoryError, ValueError) as exc:  # libcst's native parser limits
        return f"the result would not parse with libcst: {type(exc).__name__}"
    return None


def _spans(fix: Fix, positions: Positions) -> list[tuple[int, int]]:
    return [positions.span(e, strict=True) for e in fix.edits]


def _conflicts(spans: list[tuple[int, int]], taken: list[tuple[int, int]]) -> bool:
    # Touching counts as a conflict: the order of two insertions at one point is ambiguous.
    return any(s <= te and ts <= e for s, e in spans for ts, te in taken)


def apply_fix_set(text: str, fixes: Iterable[Fix], newline: str = "\n") -> str:
    """Edits of every fix, then their imports. Raises on overlapping or out-of-range edits."""
    fixes = list(fixes)
    edited = apply_edits(text, [e for f in fixes for e in f.edits], newline=newline, strict=True)
    imports = [i for f in fixes for i in f.imports]
    return add_imports(edited, imports) if imports else edited


def fix_once(
    text: str,
    candidates: Sequence[Finding],
    verifier: Verifier,
    newline: str = "\n",
) -> tuple[str, list[Finding], list[Refusal]]:
    """One round: apply the non-overlapping candidates' fixes; (new text, applied, refused)."""
    positions = Positions(text)
    chosen: list[Finding] = []
    chosen_fixes: dict[Fix, None] = {}
    taken: list[tuple[int, int]] = []
    refused: list[Refusal] = []
    for finding in sorted(candidates, key=lambda f: (f.line, f.column, f.code, f.message)):
        fix = finding.fix
        assert fix is not None
        if fix in chosen_fixes:  # two findings proposing the same fix: apply it once
            chosen.append(finding)
            continue
        if not fix.edits and not fix.imports:
            refused.append(Refusal(finding, "the fix has no edits"))
            continue
        try:
            spans = _spans(fix, positions)
        except EditOutOfRange as exc:
            refused.append(Refusal(finding, f"its edit is outside the file ({exc})"))
            continue
        if _conflicts(spans, taken):
            continue  # deferred to the next round
        chosen.append(finding)
        chosen_fixes[fix] = None
        taken.extend(spans)
    if not chosen:
        return text, [], refused

    def attempt(fixes: list[Fix]) -> tuple[str | None, str]:
        try:
            new = apply_fix_set(text, fixes, newline)
        except (OverlappingEdits, EditOutOfRange) as exc:
            return None, f"its edits overlap each other ({exc})"
        except cst.ParserSyntaxError as exc:
            return None, f"the result would not parse: {exc.message} (line {exc.raw_line})"
        problem = verifier.error(new)
        return (None, problem) if problem else (new, "")

    new, _ = attempt(list(chosen_fixes))
    if new is not None:
        return new, chosen, refused
    # Something in the batch breaks the code: find the fixes that break it on their own.
    good: list[Fix] = []
    for fix in chosen_fixes:
        alone, reason = attempt([fix])
        if alone is None:
            refused.extend(Refusal(f, reason) for f in chosen if f.fix == fix)
        else:
            good.append(fix)
    if good:
        new, _ = attempt(good)
        if new is None:  # fine alone, broken together: take the first, the rest go next round
            good = good[:1]
            new, _ = attempt(good)
        assert new is not None
        return new, [f for f in chosen if f.fix in good], refused
    return text, [], refused


def fix_source(
    text: str,
    lint: Lint,
    applicabilities: Iterable[str] = (SAFE,),
    *,
    newline: str = "\n",
    max_rounds: int = MAX_ROUNDS,
) -> FixOutcome:
    """Fix `text` to a fixed point; `lint(text)` returns the findings for a version of the text."""
    allowed = frozenset(applicabilities) - {DISPLAY_ONLY}
    outcome = FixOutcome(original=text, text=text)
    verifier = Verifier(text)
    refused_keys: set[tuple[str, str, str]] = set()
    current = text
    findings = list(lint(current))
    while True:
        candidates = [
            f
            for f in findings
            if f.fix is not None
            and f.fix.applicability in allowed
            and (f.code, f.fingerprint, f.fix.message) not in refused_keys
        ]
        if not candidates:
            break
        if outcome.rounds >= max_rounds:
            outcome.converged = False
            break
        outcome.rounds += 1
        new, applied, refused = fix_once(current, candidates, verifier, newline)
        for r in refused:
            assert r.finding.fix is not None
            key = (r.finding.code, r.finding.fingerprint, r.finding.fix.message)
            if key not in refused_keys:
                refused_keys.add(key)
                outcome.refused.append(r)
        if not applied:
            continue  # every candidate refused this round; loop ends when none are left
        outcome.applied.extend(applied)
        if new == current:
            # The fixes changed nothing yet their findings remain: re-applying cannot help.
            for f in applied:
                assert f.fix is not None
                refused_keys.add((f.code, f.fingerprint, f.fix.message))
                outcome.refused.append(Refusal(f, "the fix changes nothing, yet the finding stays"))
            outcome.applied = [f for f in outcome.applied if f not in applied]
            continue
        current = new
        findings = list(lint(current))
    outcome.text = current
    outcome.remaining = findings
    return outcome
