"""Reading an uploaded 征集表 row by row, whatever its size: XLSX through openpyxl's
read_only mode (the sheet XML is parsed as it is read), CSV through the csv module on the
open file. Nothing holds more than one row."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from matchmaking.imports.columns import COLUMNS, README_TITLE, column_for, kind_for_sheet

XLSX_MAGIC = b"PK\x03\x04"
REQUIRED = tuple(c.key for c in COLUMNS if c.required)


class FileProblem(Exception):
    """The file as a whole cannot be read (not an XLSX or CSV, no header...)."""

    def __init__(self, code: str, message_en: str, **params: object) -> None:
        super().__init__(message_en % params if params else message_en)
        self.code = code
        self.message_en = message_en
        self.params = params


@dataclass
class SheetHeader:
    title: str
    kind: str | None  # None: a CSV without a kind column takes the job's default kind
    keys: list[str | None]
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@dataclass
class RawRow:
    sheet: SheetHeader
    number: int  # the row's number as the spreadsheet shows it (the header is row 1)
    values: dict[str, str]


def detect_format(head: bytes, filename: str) -> str:
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if b"\x00" in head[:2048]:
        raise FileProblem("bad_file", "This file is neither an XLSX workbook nor a CSV text file.")
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise FileProblem("bad_file", "This file is neither an XLSX workbook nor a CSV text file.")
    return "csv"


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


def _header(title: str, kind: str | None, cells: list[object]) -> SheetHeader:
    keys: list[str | None] = []
    unknown: list[str] = []
    for cell in cells:
        text = cell_text(cell)
        key = column_for(text) if text else None
        if text and key is None:
            unknown.append(text.replace("\n", " "))
        keys.append(key if key not in keys else None)
    missing = [k for k in REQUIRED if k not in keys]
    return SheetHeader(title, kind, keys, missing, unknown)


def _row(header: SheetHeader, number: int, cells: tuple | list) -> RawRow | None:
    values = {}
    for key, cell in zip(header.keys, cells, strict=False):
        if key is not None:
            text = cell_text(cell)
            if text:
                values[key] = text
    return RawRow(header, number, values) if values else None


# ---------------------------------------------------------------- XLSX


def xlsx_sheets(path: str) -> Iterator[tuple[SheetHeader, Iterator[RawRow]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a damaged ZIP, not a workbook: openpyxl's errors vary
        raise FileProblem("bad_file", "This XLSX file cannot be read: %(error)s", error=str(error)[:200]) from error
    try:
        for ws in workbook.worksheets:
            if ws.title.strip() == README_TITLE or ws.title.strip().lower() in ("readme", "说明"):
                continue
            rows = ws.iter_rows(values_only=True)
            first = next(rows, None)
            if first is None:
                continue
            header = _header(ws.title, kind_for_sheet(ws.title) or "?", list(first))

            def body(header=header, rows=rows) -> Iterator[RawRow]:
                for number, cells in enumerate(rows, start=2):
                    row = _row(header, number, cells)
                    if row is not None:
                        yield row

            yield header, body()
    finally:
        workbook.close()


def xlsx_row_count(path: str) -> int:
    """Rows below the headers, from each sheet's recorded dimension (no parse of the data);
    a sheet written without one (write-only writers) is counted by reading it once."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:
        return 0
    try:
        total = 0
        for ws in workbook.worksheets:
            if not kind_for_sheet(ws.title):
                continue
            rows = ws.max_row if ws.max_row else sum(1 for _ in ws.iter_rows(max_col=1, values_only=True))
            total += max(0, rows - 1)
        return total
    finally:
        workbook.close()


# ---------------------------------------------------------------- CSV


def csv_encoding(path: str) -> str:
    """UTF-8 (with or without a BOM) when the whole file decodes so, else GB18030 (what
    Chinese Excel writes). Read in chunks: the incremental decoder keeps split characters."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as raw:
        try:
            while chunk := raw.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"


def csv_row_count(path: str, encoding: str) -> int:
    with open(path, encoding=encoding, newline="") as text:
        return max(0, sum(1 for _ in csv.reader(text)) - 1)


def open_csv(path: str, encoding: str) -> IO[str]:
    return open(path, encoding=encoding, errors="replace", newline="")


def csv_sheet(text: IO[str], title: str) -> tuple[SheetHeader, Iterator[RawRow]]:
    reader = csv.reader(text)
    try:
        first = next(reader)
    except StopIteration:
        raise FileProblem("empty_file", "The file is empty.") from None
    except csv.Error as error:
        raise FileProblem("bad_file", "This CSV file cannot be read: %(error)s", error=str(error)) from error
    header = _header(title, None, list(first))

    def body() -> Iterator[RawRow]:
        for number, cells in enumerate(reader, start=2):
            row = _row(header, number, cells)
            if row is not None:
                yield row

    return header, body()
