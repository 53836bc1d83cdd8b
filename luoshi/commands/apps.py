from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandsConfig(AppConfig):
    name = "luoshi.commands"
    label = "commands"
    verbose_name = _("Commands and scheduled runs")

    def ready(self) -> None:
        from luoshi.commands.tasks import deliveries_enqueue
        from luoshi.notifications.deliveries import deliveries_queued

        deliveries_queued.connect(deliveries_enqueue, dispatch_uid="luoshi-deliveries-enqueue")
