from accounts.models import OrganisationMembership, User


def is_organisation_staff(*, user: User, organisation_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return OrganisationMembership.objects.filter(user=user, organisation_id=organisation_id).exists()
