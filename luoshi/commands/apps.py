from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandsConfig(AppConfig):
    name = "luoshi.commands"
    label = "commands"
    verbose_name = _("Commands and scheduled runs")

    def ready(self) -> None:
        from luoshi.notifications.deliveries import deliveries_queued

        deliveries_queued.connect(_deliveries_enqueue, dispatch_uid="luoshi-deliveries-enqueue")


def _deliveries_enqueue(**kwargs: object) -> None:
    # The tasks (and the daily run they import) load when a delivery is first queued, not at start.
    from luoshi.commands.tasks import deliveries_enqueue

    deliveries_enqueue(**kwargs)
