"""Collections: named sets of articles a researcher gathers, shareable read-only by a link."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from archive.models.articles import Article
from archive.models.saved_searches import new_token


class CollectionQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class Collection(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Blank until its owner shares it; a new token revokes the old link.
    share_token = models.CharField(max_length=64, blank=True, db_index=True)
    articles = models.ManyToManyField(Article, through="CollectionItem", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workspace:collection-detail", args=[self.pk])

    def share(self):
        self.share_token = new_token()
        self.save(update_fields=["share_token"])

    def unshare(self):
        self.share_token = ""
        self.save(update_fields=["share_token"])

    def items_in_order(self):
        return (
            Article.objects.filter(collectionitem__collection=self)
            .for_listing()
            .order_by("collectionitem__added_at", "pk")
        )


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "article"], name="unique_collection_item")
        ]

    def __str__(self):
        return f"{self.article_id} in {self.collection_id}"
