"""django-allauth, fitted to Pavilion (settings in config/settings.py, docs/accounts.md).

- Sign-up asks for the privacy terms' consent, recorded with its text version (Consent).
- E-mail verification is mandatory for accounts that have an address on file to verify
  (every self-service sign-up, every changed address). Accounts organizers make (admin,
  demo loader, scripts) have no EmailAddress row: nothing unverified to wait for.
- A deleted account (accounts.services.delete_account) can never log in again.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.text import clean_text


class VerifiedEmailStage(EmailVerificationStage):
    def handle(self):
        user = self.login.user
        if not self.login.signup and not EmailAddress.objects.filter(user_id=user.pk).exists():
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        verify = "allauth.account.stages.EmailVerificationStage"
        return ["accounts.auth.VerifiedEmailStage" if stage == verify else stage for stage in stages]

    def is_open_for_signup(self, request) -> bool:
        from django.conf import settings

        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        from accounts.services import PRIVACY_TERMS, PRIVACY_TERMS_VERSION, record_consent

        user = super().save_user(request, sociallogin, form)
        if form is not None and form.cleaned_data.get("accept_terms"):
            record_consent(
                user, PRIVACY_TERMS, granted=True, text_version=PRIVACY_TERMS_VERSION, context={"via": "social"}
            )
        return user


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("How others see you in chat and meetings (you can change it later)."),
    )
    accept_terms = forms.BooleanField(
        label=_("I have read and agree to the privacy terms."),
        required=True,
        error_messages={"required": _("Please agree to the privacy terms to create an account.")},
    )

    def save(self, request):
        from accounts.services import PRIVACY_TERMS, PRIVACY_TERMS_VERSION, record_consent, update_profile

        user = super().save(request)
        record_consent(user, PRIVACY_TERMS, granted=True, text_version=PRIVACY_TERMS_VERSION, context={"via": "signup"})
        name = clean_text(self.cleaned_data.get("display_name") or "", multiline=False)
        if name:
            update_profile(user, display_name=name)
        return user
