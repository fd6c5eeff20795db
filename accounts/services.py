import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, Organisation, OrganisationMembership, User


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_token(*, user: User, name: str = "default") -> str:
    """Create a token and return its clear text, which is shown once and never stored."""
    key = "pv_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=hash_token(key), prefix=key[:8])
    return key


def authenticate_token(key: str) -> User | None:
    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(key), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def add_organisation_member(
    *, organisation: Organisation, user: User, role: str = OrganisationMembership.Role.STAFF
) -> OrganisationMembership:
    membership, _ = OrganisationMembership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership
