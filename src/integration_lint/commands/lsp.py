"""`integration-lint lsp`: the language server on stdin/stdout (install the `lsp` extra)."""

from __future__ import annotations

import click


@click.command()
@click.option("--stdio", is_flag=True, help="Talk LSP over stdin/stdout (the default and only transport).")
def lsp(stdio: bool) -> None:
    """Run the language server (diagnostics, quick fixes, suppressions, fix-all) over stdio."""
    try:
        from ..lsp.server import serve
    except ImportError as exc:  # pygls/lsprotocol missing
        raise click.ClickException(
            f"the language server needs the `lsp` extra: pip install 'integration-lint[lsp]' ({exc})"
        ) from exc
    serve()
