"""``manage.py send_alerts``: mail each due saved search's new matches (run it from cron)."""

from django.core.management.base import BaseCommand

from archive.management.single_run import AlreadyRunning, single_run
from archive.workspace.alerts import send_alerts


class Command(BaseCommand):
    help = (
        "E-mail the new matches of saved searches whose alert is due. Safe to run from cron: "
        "an overlapping run leaves at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            help="saved searches to look at in this run (default ALERT_SEARCHES_PER_RUN)",
        )

    def handle(self, *args, limit=None, **options):
        if limit is not None and limit < 1:
            self.stderr.write("--limit must be at least 1")
            raise SystemExit(2)
        try:
            with single_run("send-alerts"):
                run = send_alerts(limit=limit)
        except AlreadyRunning:
            self.stdout.write("Another send_alerts is running; leaving it to finish.")
            return
        self.stdout.write(
            f"Checked {run.checked} saved searches, sent {run.sent} alert e-mails, "
            f"held back {run.held_back} (daily limit reached)."
        )
