"""Optional Django adapters: add ``"integration_lint.runtime.django"`` to ``INSTALLED_APPS`` and
run ``migrate`` to keep sync checkpoints and raw responses in the project's database.

- ``stores.DjangoCheckpointStore`` — a ``CheckpointStore`` for ``Checkpoint`` / ``sync_task``;
- ``stores.DjangoRawResponseStore`` — the ``RawResponseStore`` interface on the ``RawResponse`` model;
- ``models.ImportStatus`` and ``models.ImportRecordMixin`` — an ``ImportRow``-compatible status
  (``"failed"``) and error field that ``surface_error(record=...)`` fills in.

Nothing here is imported by ``integration_lint.runtime`` itself.
"""
