from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "identification"
    verbose_name = "Identification"

    def ready(self) -> None:
        from identification.services.webhooks import on_run_published
        from identification.signals import run_published

        run_published.connect(on_run_published, dispatch_uid="identification.webhooks")
        # The project's own system checks (the front-end packages) are registered on import.
        from influencer50 import checks  # noqa: F401
