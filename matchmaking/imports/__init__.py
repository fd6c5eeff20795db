"""The 征集表 bulk import (docs/matchmaking.md, "Bulk import of the 征集表"):

columns.py   the sheets and columns, shared by the template, the reader and the checks
template.py  the XLSX template organizers hand out (openpyxl)
reader.py    XLSX (openpyxl read_only) and CSV, streamed row by row
rows.py      one row's checks: per-column errors in Chinese and English
apply.py     natural keys: organisations, contact accounts, postings, challenges
runner.py    a job from start to end: one transaction, progress, the report
progress.py  the `import` room kind and its `import.progress` frame
"""
