"""Writes an output file whole or not at all: the bytes go to a temporary file of its own in the
target's folder (unique per process, as repop's FILE.tmp.<pid>), which is renamed over the target
only when complete and removed on every failure, Ctrl-C included.

Standard library only.
"""

import errno
import os
import tempfile

from script_failure import CANNOT_CREATE, IO_ERROR, Failure

# Errors of writing the bytes (the disk, not the name): IO_ERROR; any other: CANNOT_CREATE.
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def write_file(path, data):
    """Writes `data` (bytes) to `path` atomically, with the permissions a plain open() would give.
    Raises Failure: CANNOT_CREATE when the file cannot be created or put in place, IO_ERROR when
    its bytes cannot be written."""
    folder = os.path.dirname(path) or "."
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f"{os.path.basename(path)}.tmp.{os.getpid()}.")
    except OSError as e:
        raise Failure(path, f"cannot be created: {_why(e, folder)}", CANNOT_CREATE) from e
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it 0600
        os.replace(temporary, path)
    except BaseException as e:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(e, OSError):
            code = IO_ERROR if e.errno in _WRITE_ERRORS else CANNOT_CREATE
            raise Failure(path, f"cannot be {'written' if code == IO_ERROR else 'created'}: {_why(e, folder)}",
                          code) from e
        raise


def _why(e, folder):
    if e.errno == errno.ENOENT and not os.path.isdir(folder):
        return f"there is no folder {folder}"
    if e.errno == errno.EISDIR:
        return "it is a folder"
    return (e.strerror or str(e)).lower()


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
