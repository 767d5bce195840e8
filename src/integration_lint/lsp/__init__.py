"""The language server: `integration-lint lsp` (needs the `lsp` extra: pygls, lsprotocol)."""
