"""Candidate profile and résumés: real PDF/DOCX files judged by content and size, text
extracted (Chinese too), clear refusals for scans, wrong kinds, oversize and broken files."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Interest
from recruitment import candidates
from recruitment.models.candidates import Resume
from tests.recruitment import resume_media
from tests.recruitment.candidates_fixtures import *  # noqa: F403
from tests.recruitment.candidates_fixtures import resume_of

pytestmark = pytest.mark.django_db


def _code(excinfo) -> str:
    return excinfo.value.code


def test_text_pdf_and_docx_are_read_and_the_first_becomes_default(candidate):
    pdf = resume_of(candidate, resume_media.text_pdf(chinese=True), "张伟简历.pdf")
    assert pdf.kind == "pdf" and pdf.pages == 1
    assert "机器学习" in pdf.text and "清华大学" in pdf.text
    assert pdf.title == "张伟简历"
    word = resume_of(candidate, resume_media.docx(resume_media.EN_LINES), "maria.docx", title="English CV")
    assert word.kind == "docx" and "machine learning" in word.text and "中文, English" in word.text
    profile = candidates.profile_for(candidate)
    assert profile.default_resume_id == pdf.pk  # the first one; the second did not take over
    candidates.rename_resume(candidate, word.pk, make_default=True)
    assert candidates.profile_for(candidate).default_resume_id == word.pk
    stored = Resume.objects.get(pk=word.pk)
    assert stored.file.name.startswith("recruitment/resumes/") and "maria" not in stored.file.name
    with stored.file.open("rb") as handle:
        assert handle.read(4) == b"PK\x03\x04"


def test_scanned_pdf_is_refused_with_a_clear_bilingual_message(candidate):
    with pytest.raises(ValidationError) as excinfo:
        resume_of(candidate, resume_media.scanned_pdf())
    assert _code(excinfo) == "resume_no_text"
    message = " ".join(excinfo.value.messages)
    assert "scan" in message and "扫描" in message
    assert not Resume.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 200, "cv.pdf", "bad_type"),  # a picture named .pdf
        (b"just some text, not a document at all " * 5, "cv.docx", "bad_type"),
        (b"%PDF-1.7\n" + b"garbage " * 50, "cv.pdf", "resume_broken"),  # claims PDF, is not
        (b"PK\x03\x04" + b"\x00" * 100, "cv.docx", "resume_broken"),  # a ZIP header, no archive
        (b"", "cv.pdf", "empty"),
    ],
)
def test_files_that_are_not_resumes_are_refused(candidate, data, name, code):
    with pytest.raises(ValidationError) as excinfo:
        resume_of(candidate, data, name)
    assert _code(excinfo) == code
    assert all(msg.strip() for msg in excinfo.value.messages)


def test_a_zip_that_is_no_word_document_is_not_a_resume(candidate):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ValidationError) as excinfo:
        resume_of(candidate, out.getvalue(), "sheet.docx")
    assert _code(excinfo) == "bad_type"


def test_oversize_resume_is_refused(candidate, settings):
    settings.RECRUITMENT_MAX_RESUME_BYTES = 1000
    with pytest.raises(ValidationError) as excinfo:
        resume_of(candidate, resume_media.text_pdf() + b"\n" * 2000)
    assert _code(excinfo) == "too_large"
    assert "1000 bytes" in " ".join(excinfo.value.messages)


def test_profile_update_validates_every_field(candidate):
    Interest.objects.create(slug="data", name="数据", name_en="Data")
    profile = candidates.update_profile(
        candidate,
        headline="数据科学家 Data scientist",
        education_level="master",
        education=[{"school": "清华大学", "degree": "硕士", "field": "计算机", "start_year": 2015, "end_year": 2018}],
        experience_years=5,
        experience=[{"organisation": "ACME", "title": "Analyst", "start_year": "2018"}],
        skills=["data"],
        languages=["zh", "EN"],
        desired_cities=["上海", "Shenzhen", "上海"],
        salary_min=20000,
        salary_max=35000,
        open_to_fair_employers=True,
    )
    assert profile.languages == ["zh", "en"] and profile.desired_cities == ["上海", "Shenzhen"]
    assert [i.slug for i in profile.skills.all()] == ["data"]
    assert profile.experience[0]["start_year"] == 2018 and profile.experience[0]["end_year"] is None
    with pytest.raises(ValidationError) as excinfo:
        candidates.update_profile(
            candidate,
            education_level="wizard",
            education=[{"school": "", "start_year": 2020}],
            skills=["nope"],
            salary_min=50000,
            languages=["not a code!"],
            headline="x\x00" * 300,
        )
    fields = excinfo.value.message_dict
    assert set(fields) == {"education_level", "education", "skills", "languages", "headline"}
    with pytest.raises(ValidationError) as excinfo:
        candidates.update_profile(candidate, salary_min=50000)
    assert "salary_max" in excinfo.value.message_dict
    profile.refresh_from_db()
    assert profile.headline == "数据科学家 Data scientist" and profile.salary_min == 20000


def test_someone_elses_resume_cannot_be_my_default_nor_renamed(candidate, person):
    other = person("other")
    theirs = resume_of(other)
    with pytest.raises(ValidationError):
        candidates.update_profile(candidate, default_resume=theirs.pk)
    with pytest.raises(Resume.DoesNotExist):
        candidates.rename_resume(candidate, theirs.pk, title="mine")
    with pytest.raises(Resume.DoesNotExist):
        candidates.delete_resume(candidate, theirs.pk)


def test_deleting_a_resume_removes_its_file_and_moves_the_default(candidate, django_capture_on_commit_callbacks):
    first = resume_of(candidate)
    second = resume_of(candidate, resume_media.docx(), "b.docx")
    path = first.file.path
    with django_capture_on_commit_callbacks(execute=True):
        candidates.delete_resume(candidate, first.pk)
    assert not Resume.objects.filter(pk=first.pk).exists()
    import os

    assert not os.path.exists(path)
    assert candidates.profile_for(candidate).default_resume_id == second.pk
