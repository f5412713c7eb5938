"""The export's files: the REFI-QDA schema that ships with evaltools, and the written .qdpx."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA = Path(__file__).parent / "schema" / "Project-mrt2019.xsd"


@cache
def project_schema() -> etree.XMLSchema:
    """The REFI-QDA project schema (QDA-XML 1.0, MIT licence; see schema/README.md)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def write_qdpx(target: Path, entries: dict[str, bytes], date: dt.date) -> Path:
    """Write the archive at ``target`` in one step: the previous file stays until it is done.

    Every entry has the same fixed time (``date``, midnight) and permissions, in the order
    given, so the same entries give the same bytes.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries.items():
                info = zipfile.ZipInfo(name, date_time=(date.year, date.month, date.day, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 3
                archive.writestr(info, data, compresslevel=9)
        Path(scratch).chmod(0o644)
        Path(scratch).replace(target)
    finally:
        Path(scratch).unlink(missing_ok=True)
    return target
