import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_hashing(fast_password_hashing):
    pass


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def fair(db):
    """Two zones, an organizer, a verified employer (its admin and a staff member), another
    verified employer, an unverified one, and a small taxonomy."""
    from accounts.models import Interest, Organisation, OrganisationMembership, User
    from recruitment.models import JobFairZone

    Role = OrganisationMembership.Role

    def user(name, **extra):
        return User.objects.create_user(username=name, password="x", display_name=name.title(), **extra)

    people = {
        "organizer": user("organizer", is_staff=True),
        "admin": user("hr-admin"),
        "staff": user("hr-staff"),
        "other": user("other-hr"),
        "pending_admin": user("pending-hr"),
        "alice": user("alice"),
    }
    orgs = {
        "acme": Organisation.objects.create(name="深圳创新科技", name_en="Shenzhen Innovation Tech"),
        "other": Organisation.objects.create(name="北方医疗", name_en="Northern Health"),
        "pending": Organisation.objects.create(name="待审公司", name_en="Pending Co", status="pending"),
    }
    for org, person, role in (
        ("acme", "admin", Role.ADMIN),
        ("acme", "staff", Role.STAFF),
        ("other", "other", Role.ADMIN),
        ("pending", "pending_admin", Role.ADMIN),
    ):
        OrganisationMembership.objects.create(organisation=orgs[org], user=people[person], role=role)
    ai = Interest.objects.create(slug="t-ai", name="人工智能", name_en="Artificial intelligence")
    ml = Interest.objects.create(slug="t-ml", name="机器学习", name_en="Machine learning", parent=ai)
    bio = Interest.objects.create(slug="t-bio", name="生物医药", name_en="Biomedicine")
    zones = {
        "foreign": JobFairZone.objects.create(
            slug="foreign-talent", name="外籍人才云聘会", name_en="Cloud Job Fair for Foreign Talent", position=1
        ),
        "returnees": JobFairZone.objects.create(
            slug="returnees", name="海归人才云聘会", name_en="Cloud Job Fair for Returnees", position=2
        ),
    }
    return {**people, "orgs": orgs, "zones": zones, "ai": ai, "ml": ml, "bio": bio}
