"""Candidates: a person's candidate profile, their résumés (uploaded PDF/DOCX with the text
extracted for matching) and the log of every download of a résumé by an employer.

Applications, invitations and interviews are in recruitment/models/applications.py. The
profile is a 1:1 extension of the account (accounts.User), created on first use; its
education and experience entries are small lists kept as JSON (validated by
recruitment.candidates, which owns every write).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

__all__ = ["EDUCATION_ORDER", "CandidateProfile", "EducationLevel", "Resume", "ResumeDownload"]


class EducationLevel(models.TextChoices):
    NONE = "", "Not given"
    HIGH_SCHOOL = "high_school", "High school"
    VOCATIONAL = "vocational", "Vocational / associate"
    BACHELOR = "bachelor", "Bachelor"
    MASTER = "master", "Master"
    DOCTORATE = "doctorate", "Doctorate"


# Ordered from lowest to highest, for "at least" comparisons (matching, filters).
EDUCATION_ORDER = [level.value for level in EducationLevel]


def resume_path(resume: Resume, filename: str) -> str:
    # A random name: the stored file says nothing of its owner, and guessing one is useless
    # (résumés are only ever served through the logged download endpoint).
    return f"recruitment/resumes/{uuid.uuid4().hex}.{resume.kind or 'bin'}"


class CandidateProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile")
    headline = models.CharField(max_length=200, blank=True)
    summary = models.TextField(max_length=4000, blank=True)
    education_level = models.CharField(max_length=20, choices=EducationLevel.choices, blank=True)
    # [{"school", "degree", "field", "start_year", "end_year"}]
    education = models.JSONField(default=list, blank=True)
    experience_years = models.PositiveSmallIntegerField(default=0)
    # [{"organisation", "title", "start_year", "end_year", "description"}]
    experience = models.JSONField(default=list, blank=True)
    skills = models.ManyToManyField("accounts.Interest", blank=True, related_name="skilled_candidates")
    languages = models.JSONField(default=list, blank=True)  # language codes: zh, en, ja, …
    desired_fields = models.ManyToManyField("accounts.Interest", blank=True, related_name="desiring_candidates")
    desired_cities = models.JSONField(default=list, blank=True)  # city names as typed (zh or en)
    salary_min = models.PositiveIntegerField(null=True, blank=True, help_text="CNY per month")
    salary_max = models.PositiveIntegerField(null=True, blank=True, help_text="CNY per month")
    # Opt-in: every employer admitted to a job-fair zone may find me in its talent pool and
    # open my default résumé (otherwise only employers I applied to see a résumé of mine).
    open_to_fair_employers = models.BooleanField(default=False)
    default_resume = models.ForeignKey(
        "recruitment.Resume", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=F("salary_max")),
                name="candidate_salary_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"candidate {self.user_id}"


class Resume(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes")
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    file = models.FileField(upload_to=resume_path, max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField(default=0)
    # The extracted text (capped): what matching reads (recruitment.matching).
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A résumé sent with an application stays for that employer after its owner "deletes"
    # it: it leaves the owner's list and is offered for nothing new.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "archived_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.kind})"

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }[self.kind]


class ResumeDownload(models.Model):
    """Every time someone other than the owner opened a résumé: who, for which
    organisation, and through what (an application to it, or the fair's talent pool)."""

    class Via(models.TextChoices):
        APPLICATION = "application", "Application"
        TALENT_POOL = "talent_pool", "Talent pool"

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="downloads")
    downloaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", null=True, on_delete=models.SET_NULL, related_name="+")
    via = models.CharField(max_length=12, choices=Via.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"résumé {self.resume_id} opened by {self.downloaded_by_id} ({self.via})"
