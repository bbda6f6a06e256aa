import tempfile

from django.core.management.base import BaseCommand

from archive.search.solr import upload_configset, write_configset


class Command(BaseCommand):
    help = (
        "Write the Solr collection's configset (schema.xml from build_solr_schema, "
        "solrconfig.xml, stop words) to a folder; --upload sends it to the SolrCloud that "
        "SEARCH_URL names and creates or reloads the collection."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="Folder to write the configset into.")
        parser.add_argument("--upload", action="store_true", help="Upload it to SolrCloud.")
        parser.add_argument("--shards", type=int, default=1, help="For a new collection.")
        parser.add_argument("--replicas", type=int, default=1, help="For a new collection.")
        parser.add_argument("--using", default="default", help="The haystack connection.")

    def handle(self, *args, directory, upload, shards, replicas, using, **options):
        with tempfile.TemporaryDirectory() as scratch:
            written = write_configset(directory or scratch, using=using)
            self.stdout.write(f"Solr configset written to {written}")
            if upload:
                done = upload_configset(written, using=using, shards=shards, replicas=replicas)
                self.stdout.write(f"Uploaded; the collection was {done}.")
