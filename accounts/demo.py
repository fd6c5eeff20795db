"""Demo organisations for 我要参展 (docs/organisations.md), after load_demo_conference and
load_demo_exhibition: every exhibiting organisation gets contact data and a (demo, check-
character-valid) credit code and is verified by `organizer`; the `exhibitor` administers the
demo exhibitor's organisation; `applicant` has registered one more, which waits in the
organizers' queue (/organizer/organisations/). Idempotent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership, User
from accounts.organisations import credit_code_check_character

APPLICANT = ("applicant", "pavilion-applicant", "林申请")
PENDING = {
    "name": "星海新材料（苏州）有限公司（演示）",
    "name_en": "Xinghai New Materials (Suzhou) Co., Ltd. (demo)",
    "kind": Organisation.Kind.ENTERPRISE,
    "country": "CN",
    "contact_name": "林申请",
    "contact_email": "applicant@example.org",
    "contact_phone": "+86 512 6688 0000",
}


def demo_credit_code(n: int) -> str:
    """A made-up code with a right check character: region 440300 (Shenzhen), serial n."""
    first17 = f"91440300MA5D{n:05d}"
    return first17 + credit_code_check_character(first17)


@transaction.atomic
def load_demo_orgs() -> dict[str, int]:
    organizer = User.objects.filter(username="organizer").first()
    if organizer is None:
        return {}
    verified = 0
    for n, org in enumerate(Organisation.objects.exclude(name=PENDING["name"]).order_by("pk"), start=1):
        org.credit_code = org.credit_code or demo_credit_code(n)
        org.country = org.country or "CN"
        org.contact_name = org.contact_name or "张联络"
        org.contact_email = org.contact_email or f"contact{n}@example.org"
        org.contact_phone = org.contact_phone or f"+86 755 8600 {n:04d}"
        if org.status != Organisation.Status.VERIFIED or org.verified_by_id is None:
            org.status = Organisation.Status.VERIFIED
            org.verified_by = organizer
            org.verified_at = timezone.now()
        org.save()
        verified += 1
    exhibitor = User.objects.filter(username="exhibitor").first()
    if exhibitor is not None:
        OrganisationMembership.objects.filter(user=exhibitor, organisation__name__endswith="（演示）").update(
            role=OrganisationMembership.Role.ADMIN
        )
    username, password, display = APPLICANT
    applicant = User.objects.filter(username=username).first()
    if applicant is None:
        applicant = User.objects.create_user(
            username=username, password=password, email=PENDING["contact_email"], display_name=display
        )
    pending, _ = Organisation.objects.get_or_create(
        name=PENDING["name"],
        defaults={**PENDING, "credit_code": demo_credit_code(9999), "status": Organisation.Status.PENDING},
    )
    OrganisationMembership.objects.get_or_create(
        organisation=pending, user=applicant, defaults={"role": OrganisationMembership.Role.ADMIN}
    )
    return {"verified": verified, "pending": 1}
