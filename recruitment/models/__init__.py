"""recruitment models: the job fairs (zones, employers, city cards) and jobs (rec-jobs);
candidates and applications live in their own modules (rec-apply: models/candidates.py,
models/applications.py) and are imported here."""

from recruitment.models.applications import Application, Interview, Invitation, StatusChange
from recruitment.models.candidates import CandidateProfile, Resume, ResumeDownload
from recruitment.models.fairs import CityCard, JobFairZone, ZoneEmployer
from recruitment.models.jobs import Job, JobViewDay, PinnedJob

__all__ = [
    "Application",
    "CandidateProfile",
    "CityCard",
    "Interview",
    "Invitation",
    "Job",
    "JobFairZone",
    "JobViewDay",
    "PinnedJob",
    "Resume",
    "ResumeDownload",
    "StatusChange",
    "ZoneEmployer",
]
