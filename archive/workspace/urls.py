"""``/workspace/``: a signed-in researcher's saved searches, collections and notes, with the
addresses that carry their own secret (private feeds, unsubscribe and share links)."""

from django.urls import path

from archive.workspace import alert_pages, collections, home, notes, saved_searches

app_name = "workspace"

urlpatterns = [
    path("", home.WorkspaceHomeView.as_view(), name="home"),
    path("searches/", saved_searches.SavedSearchListView.as_view(), name="search-list"),
    path("searches/save/", saved_searches.SaveSearchView.as_view(), name="search-save"),
    path(
        "searches/<int:pk>/", saved_searches.SavedSearchUpdateView.as_view(), name="search-detail"
    ),
    path(
        "searches/<int:pk>/open/", saved_searches.OpenSavedSearchView.as_view(), name="search-open"
    ),
    path(
        "searches/<int:pk>/delete/",
        saved_searches.DeleteSavedSearchView.as_view(),
        name="search-delete",
    ),
    *alert_pages.FEED_PATHS,
    path("alerts/unsubscribe/<str:token>/", alert_pages.unsubscribe, name="unsubscribe"),
    path("collections/", collections.CollectionListView.as_view(), name="collection-list"),
    path(
        "collections/<int:pk>/",
        collections.CollectionDetailView.as_view(),
        name="collection-detail",
    ),
    path("collections/add/", collections.CollectionItemsView.as_view(), name="collection-add"),
    path(
        "collections/<int:pk>/items/",
        collections.CollectionItemsView.as_view(),
        name="collection-items",
    ),
    path(
        "collections/<int:pk>/share/",
        collections.ShareCollectionView.as_view(),
        name="collection-share",
    ),
    path(
        "collections/<int:pk>/delete/",
        collections.DeleteCollectionView.as_view(),
        name="collection-delete",
    ),
    path(
        "collections/<int:pk>/export.<str:fmt>",
        collections.ExportCollectionView.as_view(),
        name="collection-export",
    ),
    path("shared/<str:token>/", collections.SharedCollectionView.as_view(), name="shared"),
    path(
        "shared/<str:token>/export.<str:fmt>",
        collections.shared_collection_file,
        name="shared-export",
    ),
    path("notes/", notes.NoteListView.as_view(), name="note-list"),
    path("notes/<int:article_pk>/", notes.NoteView.as_view(), name="note"),
]
