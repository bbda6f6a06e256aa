from django.core.management.base import BaseCommand

from archive.search.solr import write_configset


class Command(BaseCommand):
    help = (
        "Write the Solr collection's configset (schema.xml from build_solr_schema, "
        "solrconfig.xml, stop words) to a folder, for upload to ZooKeeper."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder to write the configset into.")
        parser.add_argument("--using", default="default", help="The haystack connection.")

    def handle(self, *args, directory, using, **options):
        written = write_configset(directory, using=using)
        self.stdout.write(f"Solr configset written to {written}")
