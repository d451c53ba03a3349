"""Resident memory of a worker (issue 20: RSS per worker against the tutorial app's).

Two measured causes of resident memory that holds no data (`python -m benchmarks.bench_memory`):

- pyarrow's default allocator (mimalloc) keeps the pages of every string column built while the CSV files
  are decoded and validated, ~85 MB over the bundled data although the frames hold ~18 MB. The system
  allocator returns them, at no measurable cost to the app's queries;
- glibc keeps freed heap pages after the start-up peak (validation copies every table); `malloc_trim`
  hands them back once the app is built.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)


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
