"""Activating an account somebody else made for you (an organizer's import of the 征集表
makes inactive contact accounts): a time-limited, one-time signed link that sets the
password and activates the account.

    link = activation_link(user)                     # for an e-mail; nothing is stored
    send_activation_email(user, organisation_name="…")
    user = check_activation(uidb64, token)           # ValidationError: invalid / expired / used
    user = activate(uidb64, token, password1, password2)
    user = resend_expired(uidb64, token)             # a new link for an expired one, to the account's address

The token is Django's password-reset token scheme (HMAC of the account's state and a
timestamp, with SECRET_KEY and its fallbacks) under a salt of its own, so a reset link is no
activation link and the other way round. The state hashed includes the password hash and
`is_active`: once the account is active with a password of its owner's choosing, every link
mailed before stops working (one-time without storing anything). Expiry:
settings.ACCOUNT_ACTIVATION_DAYS (default 7).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts import limits
from accounts.i18n import bilingual
from accounts.models import User

DEFAULT_DAYS = 7


def activation_days() -> int:
    return int(getattr(settings, "ACCOUNT_ACTIVATION_DAYS", DEFAULT_DAYS))


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token under another salt and timeout; `now` is injectable so that
    expiry can be tested without waiting a week."""

    key_salt = "accounts.activation.ActivationTokenGenerator"

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._clock = now

    def _now(self) -> datetime:
        return self._clock() if self._clock is not None else datetime.now()

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"

    def signature_ok(self, user: User, token: str) -> int | None:
        """The token's timestamp when it was made for this account in its present state."""
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return None
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                return ts
        return None

    def expired(self, ts: int) -> bool:
        return self._num_seconds(self._now()) - ts > activation_days() * 86400

    def check_token(self, user: User, token: str) -> bool:
        ts = self.signature_ok(user, token) if user is not None and token else None
        return ts is not None and not self.expired(ts)


tokens = ActivationTokenGenerator()


def activation_link(user: User, base_url: str = "", generator: ActivationTokenGenerator | None = None) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = (generator or tokens).make_token(user)
    # The page is the site's (settings.ORGANISATION_PAGES, set by config); accounts names no page.
    return base_url.rstrip("/") + settings.ORGANISATION_PAGES["activation"].format(uid=uid, token=token)


def send_activation_email(user: User, *, organisation_name: str = "", base_url: str = "") -> None:
    """Mail the link (in both languages: the person's language is not known yet)."""
    if not user.email:
        return
    base = base_url or settings.NOTIFICATIONS.get("SITE_URL", "")
    link = activation_link(user, base)
    days = activation_days()
    org = organisation_name or "Pavilion"
    subject = f"请激活您的账号 Activate your account ({org})"
    body = (
        f"您好！组织方已为「{org}」创建了联系人账号（用户名 {user.username}）。\n"
        f"请在 {days} 天内打开以下链接设置密码并激活账号（链接仅可使用一次）：\n{link}\n\n"
        f"Hello! The organizers made a contact account for {org} (username {user.username}).\n"
        f"Open this link within {days} days to set your password and activate it (it works once):\n{link}\n"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)


def _invalid() -> ValidationError:
    return ValidationError(bilingual(_("This activation link is not valid.")), code="activation_invalid")


def check_activation(uidb64: str, token: str, generator: ActivationTokenGenerator | None = None) -> User:
    """The account the link activates, or ValidationError with code activation_invalid,
    activation_used (already active) or activation_expired (ask the organizers again)."""
    generator = generator or tokens
    try:
        pk = int(force_str(urlsafe_base64_decode(str(uidb64 or "")[:40])))
    except (ValueError, TypeError, OverflowError):
        raise _invalid() from None
    user = User.objects.filter(pk=pk).first()
    if user is None or not token or len(token) > 100:
        raise _invalid()
    if user.is_active and user.has_usable_password():
        raise ValidationError(
            bilingual(_("This account is already active: log in with your password.")), code="activation_used"
        )
    ts = generator.signature_ok(user, token)
    if ts is None:
        raise _invalid()
    if generator.expired(ts):
        raise ValidationError(
            bilingual(
                _("This activation link has expired: ask for a new one, it goes to the account's e-mail address.")
            ),
            code="activation_expired",
        )
    return user


@transaction.atomic
def activate(
    uidb64: str, token: str, password1: str, password2: str, generator: ActivationTokenGenerator | None = None
) -> User:
    """Set the password chosen and activate the account; its e-mail address counts as
    verified (the link reached it). Refusals: ValidationError (the link; `password` field)."""
    user = check_activation(uidb64, token, generator)
    user = User.objects.select_for_update().get(pk=user.pk)
    check_activation(uidb64, token, generator)  # again under the lock: one activation per link
    if password1 != password2:
        raise ValidationError({"password2": [bilingual(_("The two passwords differ."))]}, code="password_mismatch")
    try:
        validate_password(password1, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}, code="password_invalid") from error
    user.set_password(password1)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    if user.email and apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
    return user


def resend_expired(uidb64: str, token: str, generator: ActivationTokenGenerator | None = None) -> User:
    """Mail a new link when this one expired unused. It goes to the account's own address,
    never to whoever holds the old link (they only ask), at most `activation_resend` times an
    hour per account (accounts.limits). Refusals: the link's own (invalid / used), a link that
    still works (`activation_not_expired`), RateLimited."""
    try:
        check_activation(uidb64, token, generator)
    except ValidationError as error:
        if error.code != "activation_expired":
            raise
    else:
        raise ValidationError(
            bilingual(_("This link still works: choose your password below.")), code="activation_not_expired"
        )
    user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(str(uidb64)[:40]))))
    who = f"activation{user.pk}"
    limits.check("activation_resend", who=who)
    send_activation_email(user)
    limits.count("activation_resend", who=who)
    return user
