"""The package contract: every public name imports, importing the package is free, and nothing
but sync_task / the Django app needs celery or django."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from integration_lint import runtime

CONTRACT = [
    "get_credential", "register_secret_provider", "Secret", "MissingCredentialError",
    "TransientError", "PermanentError", "RateLimitedError", "RetryLater", "retry",
    "ConnectorSession", "RateLimiter", "CursorPaginator", "OffsetPaginator", "PagePaginator",
    "LinkHeaderPaginator", "paginate", "Checkpoint", "RawResponseStore", "surface_error", "sync_task",
]


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_contract_name_imports_from_the_package():
    for name in CONTRACT:
        assert getattr(runtime, name) is not None, name
    assert set(CONTRACT) <= set(runtime.__all__)
    assert callable(runtime.retry.testing)


def test_importing_the_package_loads_no_third_party_library():
    out = run_python(
        """
        import sys
        import integration_lint.runtime
        heavy = {"requests", "tenacity", "pyrate_limiter", "redis", "celery", "django", "sentry_sdk"}
        print(sorted(heavy & set(sys.modules)))
        """
    )
    assert out.strip() == "[]"


def test_runtime_works_without_celery_and_django_installed():
    out = run_python(
        """
        import sys

        class Uninstalled:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {"celery", "django", "sentry_sdk"}:
                    raise ModuleNotFoundError(f"No module named {name!r}")

        sys.meta_path.insert(0, Uninstalled())
        import integration_lint.runtime as rt
        for name in rt.__all__:
            if name != "sync_task":
                getattr(rt, name)
        rt.surface_error(ValueError("x"), connector="acme")
        try:
            rt.sync_task
        except ImportError as exc:
            print("sync_task:", exc)
        """
    )
    assert "sync_task: No module named 'celery'" in out
