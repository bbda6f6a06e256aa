"""The archive's Whoosh engine: haystack's, tuned for a results page that reads the database.

Results pages take headlines, dates and snippets from the database rows, so the index need
not store the full article text; not storing it keeps the index small and every hit cheap to
load. Spelling suggestions are made only for ``SearchQuerySet.spelling_suggestion()``.
With one model in the index, haystack's per-query "narrow to these models" search
(a second full search on every request) is dropped.
"""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend


class ArchiveWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        schema[content_field_name].stored = False
        return content_field_name, schema

    def search(self, query_string, models=None, **kwargs):
        # Spelling suggestions cost a lexicon walk per word: make them only when asked for.
        self.include_spelling = bool(kwargs.get("spelling_query"))
        if models and set(models) >= set(self._indexed_models()):
            models = None
            kwargs["limit_to_registered_models"] = False
        results = super().search(query_string, models=models, **kwargs)
        if self.include_spelling and not results.get("spelling_suggestion"):
            # haystack skips the suggestion when no hit comes back: exactly when it helps most.
            results["spelling_suggestion"] = self.create_spelling_suggestion(
                kwargs["spelling_query"]
            )
        return results

    def _indexed_models(self):
        from haystack import connections

        return connections[self.connection_alias].get_unified_index().get_indexed_models()


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
