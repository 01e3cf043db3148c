"""Failures that reach a user as one clear sentence."""
from __future__ import annotations

import errno


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


class IndexDamaged(IndexUnreadable):
    """A version's files are there but cannot be decoded (truncated or overwritten)."""

    def __init__(self, path: str, version: str, reason: str):
        VnsearchError.__init__(
            self,
            f"The index at {path} is damaged: version {version} cannot be read ({reason}). "
            f"Make the previous version live with: vnsearch rollback --index {path} "
            f"(or rebuild with: vnsearch reindex PATH... --index {path})"
        )
        self.path = path
        self.version = version


NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


class WriteFailed(VnsearchError):
    """Writing to the index failed (disk full, read-only); `outcome` says what was kept."""

    def __init__(self, error: OSError, where: str, outcome: str):
        reason = (error.strerror or str(error)).lower()
        if error.errno in NO_SPACE:
            problem = f"no space left on device while writing {where}"
        elif error.errno in NOT_WRITABLE:
            problem = f"cannot write to {where} ({reason})"
        else:
            problem = f"{reason} while writing {where}"
        super().__init__(f"{problem}; {outcome}")
        self.errno = error.errno


def is_write_failure(error: BaseException) -> bool:
    """An OSError that means the index cannot be written (full, read-only, no permission)."""
    return isinstance(error, OSError) and error.errno in NO_SPACE | NOT_WRITABLE
