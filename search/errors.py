"""Failures that reach a user as one clear sentence."""
from __future__ import annotations


class VnsearchError(Exception):
    """A failure whose message is a complete sentence for the user."""


class IndexNotFound(VnsearchError):
    def __init__(self, path: str):
        super().__init__(
            f"No index at {path}. Build one with: vnsearch index PATH... --index {path}"
        )
        self.path = path


class IndexUnreadable(VnsearchError):
    def __init__(self, path: str, reason: str):
        super().__init__(
            f"The index at {path} cannot be read ({reason}). "
            f"Rebuild it with: vnsearch reindex PATH... --index {path}"
        )
        self.path = path


class IndexBusy(VnsearchError):
    def __init__(self, path: str, holder: str = ""):
        who = f" ({holder})" if holder else ""
        super().__init__(
            f"Another process is writing to the index at {path}{who}; "
            "try again when it has finished."
        )
        self.path = path


class SchemaMismatch(VnsearchError):
    def __init__(self, path: str):
        super().__init__(
            f"The index at {path} was built by an older version of vnsearch. "
            f"Rebuild it with: vnsearch reindex PATH... --index {path}"
        )
        self.path = path
