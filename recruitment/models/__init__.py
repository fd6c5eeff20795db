"""recruitment models: the job fairs (zones, employers, city cards) and jobs (rec-jobs);
candidates and applications live in their own module (rec-apply) and are imported here."""

from recruitment.models.fairs import CityCard, JobFairZone, ZoneEmployer
from recruitment.models.jobs import Job, JobViewDay, PinnedJob

__all__ = ["CityCard", "Job", "JobFairZone", "JobViewDay", "PinnedJob", "ZoneEmployer"]
