"""Resident memory of a worker (issue 20: RSS per worker against the tutorial app's).

Two measured causes of resident memory that holds no data (`python -m benchmarks.bench_memory`):

- pyarrow's default allocator (mimalloc) keeps the pages of every string column built while the CSV files
  are decoded and validated, ~85 MB over the bundled data although the frames hold ~18 MB. The system
  allocator returns them, at no measurable cost to the app's queries;
- glibc keeps freed heap pages after the start-up peak (validation copies every table); `malloc_trim`
  hands them back once the app is built;
- even trimmed, validating the bundled data in the worker left ~23 MB more resident than the tables it
  keeps: Python's allocator arenas pinned by a few survivors of the millions of strings the CSV parser
  and the checks make, and the code pages of the parsers and of GEOS (shapely). `load_apart` validates
  in a short-lived forked child and hands the worker only the result (pickled), so the worker holds
  the tables and little else.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def use_system_allocator() -> None:
    """Make pyarrow (pandas' string columns) allocate with malloc from now on."""
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


def trim() -> None:
    """Give freed memory back to the operating system (after start-up or a release switch)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        log.debug("malloc_trim is not available")


def load_apart(load: Callable[[], T], expected: tuple[type[BaseException], ...] = (), timeout: float = 300.0) -> T:
    """`load()` run in a forked child; its result (or one of the `expected` exceptions) comes back pickled.

    The child's garbage (parser buffers, fragmented arenas, code pages of libraries only the load uses)
    dies with it. An expected exception (it must pickle, as DatasetError does) is raised again here.
    Without `os.fork`, or when the child fails otherwise (killed, an unexpected exception, a result that
    does not pickle), `load()` simply runs here, so an unexpected error is raised with its own traceback.
    It also runs here when this process has other Python threads (a test server, a thread pool): one of
    them could hold a lock at the fork that the child would then wait for forever. A gunicorn worker and
    `python app.py` build the app before starting any thread. A child that has not answered within
    `timeout` seconds (stuck on a lock no thread of ours holds, e.g. in a native library) is killed and
    the load runs here.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return load()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        code = 1
        try:
            os.close(read_end)
            try:
                message: tuple[str, Any] = ("ok", load())
            except expected as exc:
                message = ("raised", exc)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    blob = _read_until_closed(read_end, timeout)
    if blob is None:
        log.warning("loading in a child process took over %.0f s; loading here instead", timeout)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return load()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not blob:
        log.warning("loading in a child process failed (status %d); loading here instead", status)
        return load()
    kind, payload = pickle.loads(blob)
    del blob
    if kind == "raised":
        raise payload
    return payload  # type: ignore[no-any-return]


def _read_until_closed(fd: int, timeout: float) -> bytes | None:
    """Everything written to the pipe `fd` until its writer closes it, or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)
