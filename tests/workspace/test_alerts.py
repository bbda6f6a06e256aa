"""Alert e-mails from ``send_alerts``: what is due, what they say, links that work, limits."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from archive.management.single_run import single_run
from archive.models import AlertDelivery, AlertFrequency, PendingIndexUpdate, SavedSearch
from archive.workspace.alerts import send_alerts
from tests.workspace.helpers import add_articles, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_commit_margin(settings):
    settings.ALERT_COMMIT_MARGIN = timedelta(0)
    settings.SITE_URL = "http://testserver"


def following(owner, query="budget", alert=AlertFrequency.INSTANT, **fields):
    return SavedSearch.objects.create(owner=owner, name=query, query=query, alert=alert, **fields)


def links(message):
    return re.findall(r"https?://\S+", message.body)


def test_new_matches_arrive_by_e_mail_with_links_that_work(client, researcher):
    saved = following(researcher, "budget")
    add_articles("Budget cuts for schools & parks", "Weather report")
    out = StringIO()
    call_command("send_alerts", stdout=out)
    assert "Checked 1 saved searches, sent 1 alert e-mails" in out.getvalue()
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert message.subject == "1 new article for “budget”"
    assert "Budget cuts for schools & parks" in message.body  # plain text, not &amp;
    assert "Weather report" not in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client.force_login(researcher)
    for url in links(message):
        assert client.get(path_of(url)).status_code == 200, url
    assert unsubscribe in links(message)
    assert AlertDelivery.objects.get().article_count == 1
    saved.refresh_from_db()
    assert saved.alert == AlertFrequency.INSTANT  # opening the unsubscribe page changed nothing


def test_each_match_is_sent_once(researcher):
    following(researcher)
    add_articles("Budget cuts")
    send_alerts()
    send_alerts()
    assert len(mail.outbox) == 1
    add_articles("Budget vote")
    send_alerts()
    assert len(mail.outbox) == 2
    assert "Budget vote" in mail.outbox[1].body
    assert "Budget cuts" not in mail.outbox[1].body


def test_nothing_new_sends_nothing(researcher):
    following(researcher)
    add_articles("Weather report")
    assert send_alerts().sent == 0
    assert mail.outbox == []


def test_digests_wait_for_their_day_or_week(researcher):
    now = timezone.now()
    daily = following(researcher, "budget", AlertFrequency.DAILY)
    weekly = following(researcher, "schools", AlertFrequency.WEEKLY)
    following(researcher, "parks", AlertFrequency.NONE)
    add_articles("Budget cuts for schools and parks")
    assert send_alerts(now=now).checked == 0
    assert send_alerts(now=now + timedelta(days=1)).sent == 1
    assert mail.outbox[0].subject == "1 new article for “budget”"
    assert send_alerts(now=now + timedelta(days=7)).sent == 1
    assert mail.outbox[1].subject == "1 new article for “schools”"
    for saved in (daily, weekly):
        saved.refresh_from_db()
        assert saved.alert_checked_at > now


def test_matches_still_in_the_index_queue_wait_for_a_later_run(researcher):
    following(researcher)
    [article] = add_articles("Budget cuts")
    PendingIndexUpdate.objects.enqueue([article.pk])
    PendingIndexUpdate.objects.update(queued_at=article.added_at - timedelta(seconds=1))
    assert send_alerts().sent == 0
    PendingIndexUpdate.objects.all().delete()
    assert send_alerts().sent == 1


def test_a_run_looks_at_a_bounded_number_of_searches_longest_waiting_first(researcher):
    earlier = timezone.now() - timedelta(hours=1)
    first = following(researcher, "budget", alert_checked_at=earlier)
    following(researcher, "budget cuts")
    add_articles("Budget cuts")
    run = send_alerts(limit=1)
    assert (run.checked, run.sent) == (1, 1)
    assert mail.outbox[0].subject == "1 new article for “budget”"
    first.refresh_from_db()
    assert first.alert_checked_at > earlier


def test_a_user_gets_a_bounded_number_of_e_mails_a_day(researcher, settings):
    settings.ALERT_EMAILS_PER_USER_PER_DAY = 2
    for query in ("budget", "schools", "parks"):
        following(researcher, query)
    add_articles("Budget cuts for schools and parks")
    run = send_alerts()
    assert (run.sent, run.held_back) == (2, 1)
    assert len(mail.outbox) == 2
    assert send_alerts().held_back == 1  # still held, its matches kept
    later = timezone.now() + timedelta(days=1, minutes=1)
    assert send_alerts(now=later).sent == 1
    assert "Budget cuts for schools and parks" in mail.outbox[2].body


def test_long_digests_list_the_newest_and_count_the_rest(researcher, settings):
    settings.ALERT_ARTICLES_PER_EMAIL = 2
    following(researcher)
    add_articles("Budget one", "Budget two", "Budget three")
    send_alerts()
    [message] = mail.outbox
    assert message.subject == "3 new articles for “budget”"
    assert "Budget three" in message.body
    assert "Budget one" not in message.body
    assert "...and 1 more." in message.body


def test_users_without_an_address_or_inactive_get_nothing(researcher, other_researcher):
    other_researcher.email = ""
    other_researcher.save()
    researcher.is_active = False
    researcher.save()
    following(researcher)
    following(other_researcher)
    add_articles("Budget cuts")
    assert send_alerts().checked == 0


def test_one_click_unsubscribe_stops_the_alert_without_a_session(client, researcher):
    saved = following(researcher)
    add_articles("Budget cuts")
    send_alerts()
    url = path_of(mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>"))
    confirm = client.get(url)
    assert "Stop the alert e-mails for the saved search “budget”?" in confirm.content.decode()
    done = client.post(url)  # what a mail client's one-click button sends: no cookie, no token
    assert "No more alert e-mails will be sent for “budget”." in done.content.decode()
    saved.refresh_from_db()
    assert saved.alert == AlertFrequency.NONE
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_a_tampered_unsubscribe_link_is_refused(client, researcher):
    saved = following(researcher)
    token = f"{saved.pk}:forged"
    response = client.post(reverse("workspace:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    saved.refresh_from_db()
    assert saved.alert == AlertFrequency.INSTANT


def test_a_saved_name_with_line_breaks_makes_a_one_line_subject(researcher):
    following(researcher, "budget").__class__.objects.update(name="Budget\nBcc: x@example.org")
    add_articles("Budget cuts")
    send_alerts()
    assert mail.outbox[0].subject == "1 new article for “Budget Bcc: x@example.org”"
    assert mail.outbox[0].bcc == []


def test_the_command_refuses_a_limit_below_one():
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("send_alerts", "--limit", "0", stderr=err)
    assert "--limit must be at least 1" in err.getvalue()


def test_an_overlapping_run_leaves_without_sending(researcher):
    following(researcher)
    add_articles("Budget cuts")
    out = StringIO()
    with single_run("send-alerts"):
        call_command("send_alerts", stdout=out)
    assert "Another send_alerts is running" in out.getvalue()
    assert mail.outbox == []
    call_command("send_alerts", stdout=out)
    assert len(mail.outbox) == 1
