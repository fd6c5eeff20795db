"""One import job from start to end (the Celery task `matchmaking.tasks.run_import`).

Everything the file writes happens in one transaction, each row in a savepoint of its own:
a row with an error is rolled back alone and reported; at the end, a job in mode "all"
with any error is rolled back as a whole (nothing imported, the report says why), a job
in mode "valid_rows" commits exactly the rows without errors. A crash rolls back too.

Memory does not grow with the file: rows are read one at a time (reader.py), written in
batches, and the report is written to a temporary file as rows are done; only the ids of
the postings already written by this file are kept (to refuse a reference twice)."""

from __future__ import annotations

import csv
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files import File
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matchmaking.imports import progress, reader
from matchmaking.imports.apply import Importer, RowProblem
from matchmaking.imports.reader import FileProblem, RawRow, SheetHeader
from matchmaking.imports.rows import RowError, check_row
from matchmaking.models.imports import ImportJob, ImportRowError

logger = logging.getLogger(__name__)
BATCH = 200
ERRORS_KEPT = 1000
REPORT_HEADER = [
    "工作表 sheet",
    "行 row",
    "结果 outcome",
    "机构 organisation",
    "需求编号 reference",
    "错误 errors",
    "errors (English)",
]
OUTCOMES_ZH = {
    "created": "新建 created",
    "updated": "更新 updated",
    "unchanged": "无变化 skipped",
    "error": "错误 error",
    "not_imported": "未导入 not imported",
}


class _Rollback(Exception):
    pass


@contextmanager
def _sheets(job: ImportJob) -> Iterator[Iterator[tuple[SheetHeader, Iterator[RawRow]]]]:
    path = job.file.path
    if job.file_format == "xlsx":
        yield reader.xlsx_sheets(path)
        return
    encoding = reader.csv_encoding(path)
    with reader.open_csv(path, encoding) as text:
        yield iter([reader.csv_sheet(text, os.path.basename(job.filename) or "CSV")])


def count_rows(job: ImportJob) -> int:
    if job.file_format == "xlsx":
        return reader.xlsx_row_count(job.file.path)
    return reader.csv_row_count(job.file.path, reader.csv_encoding(job.file.path))


class Run:
    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.room = progress.import_room(job.pk)
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "error": 0, "problems": 0}
        self.processed = 0
        self.report = tempfile.NamedTemporaryFile("w+", encoding="utf-8-sig", newline="", suffix=".csv", delete=False)
        self.writer = csv.writer(self.report)
        self.writer.writerow(REPORT_HEADER)

    def publish(self, status: str | None = None) -> None:
        job = self.job
        job.processed_rows = self.processed
        job.created_count, job.updated_count = self.counts["created"], self.counts["updated"]
        job.skipped_count, job.error_rows = self.counts["unchanged"], self.counts["error"]
        job.error_count = self.counts["problems"]
        if status:
            job.status = status
        progress.publish(self.room, job)

    def record(self, sheet: str, number: int, outcome: str, org: str, reference: str, errors: list[RowError]) -> None:
        self.counts[outcome] += 1
        self.counts["problems"] += len(errors)
        texts = [e.texts() for e in errors]
        self.writer.writerow(
            [
                sheet,
                number,
                outcome,
                org,
                reference,
                "；".join(zh for zh, _en in texts),
                "; ".join(en for _zh, en in texts),
            ]
        )
        if errors:
            # Kept for the page beside the report; the codes go with the English text.
            self.writer_errors.extend(
                (sheet, number, e.column, e.code, zh, en) for e, (zh, en) in zip(errors, texts, strict=True)
            )

    def rows(self) -> None:
        importer = Importer(self.job)
        today = timezone.localdate()
        with _sheets(self.job) as sheets:
            for header, rows in sheets:
                if header.kind == "?":
                    self.record(
                        header.title,
                        1,
                        "error",
                        "",
                        "",
                        [
                            RowError(
                                "",
                                "unknown_sheet",
                                _("this sheet is not one of the template's (项目合作, 人才需求, 人力资源服务)."),
                            )
                        ],
                    )
                    continue
                if header.missing:
                    errors = [
                        RowError(key, "missing_column", _("this column is missing from the header row."))
                        for key in header.missing
                    ]
                    self.record(header.title, 1, "error", "", "", errors)
                    continue
                try:
                    for raw in rows:
                        self.row(importer, raw, today)
                        if self.processed % BATCH == 0:
                            self.flush_errors()
                            self.publish()
                except csv.Error as error:
                    raise FileProblem(
                        "bad_file", "This CSV file cannot be read: %(error)s", error=str(error)
                    ) from error

    def row(self, importer: Importer, raw: RawRow, today) -> None:
        self.processed += 1
        sheet = raw.sheet.title
        org_name = raw.values.get("org_name", "")
        reference = raw.values.get("reference", "")
        clean, errors = check_row(raw, self.job.default_kind, today)
        if clean is not None:
            try:
                with transaction.atomic():
                    outcome = importer.apply(clean, raw.number)
            except RowProblem as problem:
                errors = problem.errors
            except IntegrityError as error:  # a concurrent write of the same key
                logger.info("import %s row %s: %s", self.job.pk, raw.number, error)
                errors = [
                    RowError("", "conflict", _("this row conflicts with data written meanwhile: import it again."))
                ]
            else:
                self.record(sheet, raw.number, outcome.outcome, outcome.organisation.name, reference, [])
                return
        self.record(sheet, raw.number, "error", org_name, reference, errors)

    # Errors for the page: buffered per batch, written after the transaction (a rolled-back
    # job keeps them) from the spool file.
    writer_errors: list

    def flush_errors(self) -> None:
        for item in self.writer_errors:
            self.error_spool.writerow(item)
        self.writer_errors.clear()

    def execute(self) -> None:
        job = self.job
        self.writer_errors = []
        spool = tempfile.NamedTemporaryFile("w+", encoding="utf-8", newline="", suffix=".csv", delete=False)
        self.error_spool = csv.writer(spool)
        status = ImportJob.Status.DONE
        try:
            try:
                with transaction.atomic():
                    self.rows()
                    self.flush_errors()
                    if not self.processed and not self.counts["error"]:
                        raise FileProblem("empty_file", "The file has no rows to import.")
                    if job.mode == ImportJob.Mode.ALL and self.counts["error"]:
                        raise _Rollback
            except _Rollback:
                status = ImportJob.Status.REJECTED
            except FileProblem as problem:
                status = ImportJob.Status.FAILED
                job.message = problem.message_en % problem.params if problem.params else problem.message_en
            except DatabaseError:
                logger.exception("import %s failed", job.pk)
                status = ImportJob.Status.FAILED
                job.message = "The database refused the import; nothing was imported. Try again."
            self.finish(status, spool)
        finally:
            for handle in (self.report, spool):
                handle.close()
                os.unlink(handle.name)

    def finish(self, status: str, spool) -> None:
        job = self.job
        if status != ImportJob.Status.DONE:
            # Nothing of the file is in the database: the report says so row by row.
            self.counts["created"] = self.counts["updated"] = self.counts["unchanged"] = 0
        self.report.flush()
        self.report.seek(0)
        name = f"import-{job.pk}-report.csv"
        if status == ImportJob.Status.DONE:
            job.report.save(name, File(self.report), save=False)
        else:
            rewritten = tempfile.NamedTemporaryFile("w+", encoding="utf-8-sig", newline="", suffix=".csv")
            out = csv.writer(rewritten)
            for n, line in enumerate(csv.reader(self.report)):
                if n and len(line) > 2 and line[2] != "error":
                    line[2] = "not_imported"
                if n and len(line) > 2:
                    line[2] = OUTCOMES_ZH.get(line[2], line[2])
                out.writerow(line)
            rewritten.flush()
            rewritten.seek(0)
            job.report.save(name, File(rewritten), save=False)
            rewritten.close()
        spool.flush()
        spool.seek(0)
        ImportRowError.objects.filter(job=job).delete()
        batch = []
        for n, (sheet, row, column, code, zh, en) in enumerate(csv.reader(spool)):
            if n >= ERRORS_KEPT:
                break
            batch.append(
                ImportRowError(
                    job=job,
                    sheet=sheet[:40],
                    row=int(row),
                    column=column,
                    code=code,
                    message=zh[:500],
                    message_en=en[:500],
                )
            )
            if len(batch) >= BATCH:
                ImportRowError.objects.bulk_create(batch)
                batch = []
        ImportRowError.objects.bulk_create(batch)
        job.finished_at = timezone.now()
        self.publish(status)
        job.save()
        if status == ImportJob.Status.DONE:
            from matchmaking.tasks import send_activation_emails

            pk = job.pk
            transaction.on_commit(lambda: send_activation_emails.delay(pk))


def run(job_id: int) -> ImportJob | None:
    """Run a queued job; None when another worker has it (claimed by a conditional update)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.get(pk=job_id)
    try:
        job.total_rows = count_rows(job)
    except (OSError, UnicodeError):
        job.total_rows = 0
    ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
    run = Run(job)
    run.publish()
    run.execute()
    return job
