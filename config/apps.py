from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    """Not a domain app: it only registers the production checklist's system checks."""

    name = "config"
    label = "pavilion_deployment"
    verbose_name = "Pavilion deployment checks"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the checks)
