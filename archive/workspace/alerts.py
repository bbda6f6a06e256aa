"""Alert e-mails: for each saved search that is due, the matches added since it was last
checked, sent to its owner as one message (``manage.py send_alerts``, run from cron).

A search alerting "as new matches arrive" is due at every run, a daily digest a day after its
last check, a weekly one a week after. Each run looks at ``ALERT_SEARCHES_PER_RUN`` due
searches at most, the longest waiting first, and sends a user at most
``ALERT_EMAILS_PER_USER_PER_DAY`` messages a day; a search held back by that limit keeps its
matches for a later run. Every message carries a signed one-click unsubscribe link. One run
at a time (a lock file beside the data): an overlapping cron run leaves at once, so no
message goes out twice.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from archive.models import AlertDelivery, AlertFrequency, SavedSearch
from archive.workspace.matches import indexed_until, new_matches

UNSUBSCRIBE_SALT = "archive.workspace.unsubscribe"
PERIODS = {AlertFrequency.DAILY: timedelta(days=1), AlertFrequency.WEEKLY: timedelta(days=7)}
# A digest checked a little early (cron's minute drifts) still counts as due.
DRIFT = timedelta(minutes=5)


@dataclass
class AlertRun:
    checked: int = 0
    sent: int = 0
    held_back: int = 0  # searches whose owner reached the daily limit


def unsubscribe_token(saved_search):
    return signing.dumps(saved_search.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribed_search(token):
    """The saved search a valid unsubscribe token names, or None."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=pk).first()


def due_searches(now, limit):
    due = Q(alert=AlertFrequency.INSTANT)
    for frequency, period in PERIODS.items():
        due |= Q(alert=frequency, alert_checked_at__lte=now - period + DRIFT)
    searches = SavedSearch.objects.filter(due, owner__is_active=True).select_related("owner")
    return searches.exclude(owner__email="").order_by("alert_checked_at", "pk")[:limit]


def sent_today(user, now):
    return AlertDelivery.objects.filter(owner=user, sent_at__gt=now - timedelta(days=1)).count()


def send_alerts(now=None, limit=None):
    """Check the due saved searches once and mail their new matches; returns the counts."""
    now = now or timezone.now()
    until = indexed_until(now)
    run = AlertRun()
    for saved in due_searches(now, limit or settings.ALERT_SEARCHES_PER_RUN):
        run.checked += 1
        articles, total = new_matches(
            saved, saved.alert_checked_at, until, settings.ALERT_ARTICLES_PER_EMAIL
        )
        if total and sent_today(saved.owner, now) >= settings.ALERT_EMAILS_PER_USER_PER_DAY:
            run.held_back += 1
            continue
        if total:
            alert_message(saved, articles, total).send()
            AlertDelivery.objects.create(
                saved_search=saved, owner=saved.owner, sent_at=now, article_count=total
            )
            run.sent += 1
        saved.alert_checked_at = max(saved.alert_checked_at, until)
        saved.save(update_fields=["alert_checked_at"])
    return run


def alert_message(saved, articles, total):
    site = settings.SITE_URL
    unsubscribe = site + reverse("workspace:unsubscribe", args=[unsubscribe_token(saved)])
    context = {
        "saved": saved,
        "articles": [(article, site + article.get_absolute_url()) for article in articles],
        "total": total,
        "more": total - len(articles),
        "search_url": site + saved.search_url(),
        "manage_url": site + saved.get_absolute_url(),
        "unsubscribe_url": unsubscribe,
    }
    noun = "article" if total == 1 else "articles"
    name = " ".join(saved.name.split())  # a header holds one line
    return EmailMessage(
        subject=f"{total} new {noun} for “{name}”",
        body=render_to_string("workspace/email/alert.txt", context),
        to=[saved.owner.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
