"""Pages of collections: create, list, show, add and remove articles (from article and search
pages), share read-only by a secret link, export, delete."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import DetailView, ListView

from archive.models import Article, Collection, CollectionItem, Note
from archive.web import citations, exports
from archive.workspace.access import WorkspaceMixin

MAX_COLLECTIONS = 200
MAX_ITEMS = 5_000
EXPORT_FIELDS = [*exports.FIELDS, "note"]
EXPORT_LABELS = {
    "csv": "CSV",
    "jsonl": "JSON Lines",
    "ris": "RIS",
    "bib": "BibTeX",
    "csl": "CSL-JSON",
}


def export_links(url_name, key):
    return [(label, reverse(url_name, args=[key, fmt])) for fmt, label in EXPORT_LABELS.items()]


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["name", "description"]


class OwnCollectionsMixin(WorkspaceMixin):
    def get_queryset(self):
        return Collection.objects.owned_by(self.request.user)


def back_to(request, fallback):
    """The page the form was sent from, if it is this site's, else ``fallback``."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return redirect(target if safe and target else fallback)


class CollectionListView(OwnCollectionsMixin, ListView):
    template_name = "workspace/collection_list.html"
    context_object_name = "collections"

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=CollectionForm(), **kwargs)

    def post(self, request):
        form = CollectionForm(request.POST)
        if self.get_queryset().count() >= MAX_COLLECTIONS:
            messages.error(request, f"You can keep {MAX_COLLECTIONS} collections at most.")
        elif form.is_valid():
            form.instance.owner = request.user
            collection = form.save()
            messages.success(request, f"Created the collection “{collection.name}”.")
            if request.POST.get("article"):
                add_article(request, collection, request.POST["article"])
            return back_to(request, collection.get_absolute_url())
        else:
            messages.error(request, "A collection needs a name (200 characters at most).")
        return back_to(request, "workspace:collection-list")


class CollectionDetailView(OwnCollectionsMixin, DetailView):
    template_name = "workspace/collection_detail.html"
    context_object_name = "collection"

    def get_context_data(self, **kwargs):
        articles = list(self.object.items_in_order()[:MAX_ITEMS])
        notes = Note.objects.by_article(self.request.user, articles)
        for article in articles:
            article.note = notes.get(article.pk, "")
        links = export_links("workspace:collection-export", self.object.pk)
        return super().get_context_data(articles=articles, export_links=links, **kwargs)


def add_article(request, collection, article_id):
    article = Article.objects.filter(pk=article_id if str(article_id).isdigit() else None).first()
    if article is None:
        messages.error(request, "There is no such article to add.")
    elif collection.items.count() >= MAX_ITEMS:
        messages.error(request, f"A collection holds {MAX_ITEMS} articles at most.")
    else:
        CollectionItem.objects.get_or_create(collection=collection, article=article)
        messages.success(request, f"Added “{article.title}” to “{collection.name}”.")


class CollectionItemsView(OwnCollectionsMixin, View):
    """POST ``article`` and ``action`` (add or remove); the collection is in the address, or
    (from a search result's menu) in ``collection``."""

    def post(self, request, pk=None):
        pk = pk or request.POST.get("collection", "")
        collection = get_object_or_404(self.get_queryset(), pk=pk if str(pk).isdigit() else None)
        article_id = request.POST.get("article", "")
        if request.POST.get("action") == "remove":
            collection.items.filter(
                article_id=article_id if article_id.isdigit() else None
            ).delete()
            messages.success(request, f"Removed the article from “{collection.name}”.")
        else:
            add_article(request, collection, article_id)
        return back_to(request, collection.get_absolute_url())


class ShareCollectionView(OwnCollectionsMixin, View):
    """POST ``share`` on to make (or renew) the read-only link, off to revoke it."""

    def post(self, request, pk):
        collection = get_object_or_404(self.get_queryset(), pk=pk)
        if request.POST.get("share") == "on":
            collection.share()
        else:
            collection.unshare()
        return redirect(collection)


class DeleteCollectionView(OwnCollectionsMixin, View):
    def post(self, request, pk):
        collection = get_object_or_404(self.get_queryset(), pk=pk)
        collection.delete()
        messages.success(request, f"Deleted the collection “{collection.name}”.")
        return redirect("workspace:collection-list")


def collection_file(request, collection, fmt, *, notes_of=None):
    """The collection as CSV, JSON Lines (with ``notes_of``'s notes) or a citation file."""
    articles = collection.items_in_order()[:MAX_ITEMS]
    filename = f"collection-{collection.pk}"
    if fmt in citations.FORMATS:
        return citations.citation_response(
            list(articles), fmt, filename, request.build_absolute_uri
        )
    if fmt not in exports.FORMATS:
        raise Http404("Export as csv, jsonl, ris, bib or csl.")
    notes = Note.objects.by_article(notes_of, articles) if notes_of else {}

    def rows():
        for article in articles.iterator(chunk_size=exports.CHUNK):
            row = exports.article_row(article, request.build_absolute_uri)
            yield {**row, "note": notes.get(article.pk, "")}

    return exports.streamed(rows(), fmt, filename, fields=EXPORT_FIELDS)


class ExportCollectionView(OwnCollectionsMixin, View):
    def get(self, request, pk, fmt):
        collection = get_object_or_404(self.get_queryset(), pk=pk)
        return collection_file(request, collection, fmt, notes_of=request.user)


def shared_collection(token):
    if not token:
        raise Http404
    return get_object_or_404(Collection.objects.exclude(share_token=""), share_token=token)


class SharedCollectionView(DetailView):
    """The read-only page a share link opens: the articles, never their owner's notes."""

    template_name = "workspace/collection_shared.html"
    context_object_name = "collection"

    def get_object(self, queryset=None):
        return shared_collection(self.kwargs["token"])

    def get_context_data(self, **kwargs):
        articles = self.object.items_in_order()[:MAX_ITEMS]
        links = export_links("workspace:shared-export", self.object.share_token)
        return super().get_context_data(articles=articles, export_links=links, **kwargs)


def shared_collection_file(request, token, fmt):
    return collection_file(request, shared_collection(token), fmt)
