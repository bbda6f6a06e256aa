"""Articles as documents for any engine's writer: what the search index prepares, in the
engine's own notation."""

from haystack.exceptions import SkipDocument


def prepared_documents(index, objects, to_engine):
    """Each object as ``index`` prepares it, every value passed through ``to_engine``; objects
    the index skips are left out. haystack's ``boost`` goes: no article is boosted."""
    for obj in objects:
        try:
            document = index.full_prepare(obj)
        except SkipDocument:
            continue
        document.pop("boost", None)
        yield {key: to_engine(value) for key, value in document.items()}
