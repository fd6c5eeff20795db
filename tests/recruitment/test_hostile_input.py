"""Whatever an employer sends as a job's fields, the service stores cleaned values or refuses
with a ValidationError naming a field: never another exception, never a control character."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruitment import jobs
from recruitment.models import Job

pytestmark = pytest.mark.django_db

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=300),
    st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=25),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)
fields = st.dictionaries(st.sampled_from(jobs.EDITABLE), anything, max_size=8)


@settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=fields)
def test_job_fields_are_cleaned_or_refused(fair, values):
    before = Job.objects.count()
    try:
        job = jobs.create_job(by=fair["staff"], organisation=fair["orgs"]["acme"], **{"title": "职位", **values})
    except ValidationError as error:
        assert error.messages
        assert Job.objects.count() == before
        return
    for name in ("title", "title_en", "description", "description_en", "city", "city_en", "salary_text"):
        text = getattr(job, name)
        assert not any(ord(c) < 32 and c not in "\n\t" for c in text), name
    assert job.headcount >= 1 and job.experience_years_min >= 0
    assert job.salary_min is None or job.salary_max is None or job.salary_min <= job.salary_max
