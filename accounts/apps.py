from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from accounts import (
            checks,  # noqa: F401  (registers the production checklist's checks)
            privacy,
            selectors,
        )

        privacy.register_export("account", selectors.export_account)
