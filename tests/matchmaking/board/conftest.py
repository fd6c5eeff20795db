import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User


@pytest.fixture
def organizer(db):
    return User.objects.create_user("org", "org@example.org", "pw", is_staff=True)


@pytest.fixture
def make_file(tmp_path):
    """make_file(sheets) -> an uploaded XLSX of these rows (kind -> list of row dicts)."""
    from matchmaking.imports.samples import write_csv, write_xlsx

    def make(sheets=None, *, csv_rows=None, name="征集表.xlsx", with_kind="", encoding="utf-8-sig"):
        path = tmp_path / name
        if csv_rows is not None:
            write_csv(str(path), csv_rows, with_kind=with_kind, encoding=encoding)
        else:
            write_xlsx(str(path), sheets)
        return SimpleUploadedFile(name, path.read_bytes())

    return make
