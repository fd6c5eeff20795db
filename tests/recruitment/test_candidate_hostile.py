"""Hostile input: whatever a client sends as profile fields or as a résumé file, the answer
is a saved profile, an extracted text, or a ValidationError — never another exception."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruitment import candidates
from recruitment.resume_files import extract
from tests.recruitment import resume_media

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=80),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FIELDS = [
    "headline",
    "summary",
    "education_level",
    "education",
    "experience_years",
    "experience",
    "skills",
    "languages",
    "desired_fields",
    "desired_cities",
    "salary_min",
    "salary_max",
    "open_to_fair_employers",
    "default_resume",
]


@pytest.mark.django_db
@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(FIELDS), JSONISH, max_size=6))
def test_profile_updates_are_saved_or_refused(django_user_model, changes):
    user, _ = django_user_model.objects.get_or_create(username="fuzz")
    try:
        candidates.update_profile(user, **changes)
    except ValidationError as error:
        assert set(error.message_dict) <= set(FIELDS)


PDF = resume_media.text_pdf()


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=300).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
        st.integers(0, len(PDF) - 1).map(lambda n: PDF[:n]),  # a truncated real PDF
        st.tuples(st.integers(10, len(PDF) - 1), st.binary(min_size=1, max_size=8)).map(
            lambda t: PDF[: t[0]] + t[1] + PDF[t[0] + len(t[1]) :]  # a real PDF with bytes flipped
        ),
    )
)
def test_any_file_is_read_or_refused(data):
    try:
        extracted = extract(resume_media.upload(data))
    except ValidationError as error:
        assert error.code in {"empty", "too_large", "bad_type", "resume_broken", "resume_encrypted", "resume_no_text"}
    else:
        assert extracted.kind in ("pdf", "docx") and extracted.text
