from django.apps import AppConfig

# A profile photo (5 MB) plus the rest of the form; judged before the body is read.
PHOTO_UPLOAD_BYTES = 6 * 1024 * 1024


def _any_logged_in(user, params) -> None:
    """Anyone logged in may upload their own photo (the guard refuses guests with 401)."""


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from accounts import checks, privacy, selectors, upload_guard  # checks: the production checklist's

        assert checks
        privacy.register_export("account", selectors.export_account)
        # The photo's two ways in: the JSON API and the profile page (/me/profile/).
        for pattern in (r"/api/accounts/me/photo", r"/me/profile/"):
            upload_guard.register(pattern, max_bytes=lambda params: PHOTO_UPLOAD_BYTES, check=_any_logged_in)
