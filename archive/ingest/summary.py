"""What an import did: the counts it reports, and why each rejected record was refused."""

from dataclasses import dataclass, field


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    finished: int = 0  # stored before, tagged and grouped only now
    rejected: list = field(default_factory=list)  # (where, reason)
    index_error: str = ""  # why the index could not be written; the articles wait queued

    def __str__(self):
        counts = (
            f"created {self.created}, updated {self.updated}, duplicates {self.duplicates}, "
            f"rejected {len(self.rejected)}"
        )
        if self.finished:
            counts += f", finished {self.finished} saved earlier but not tagged and grouped"
        if self.index_error:
            counts += (
                f"; the search index could not be written ({self.index_error[:200]}): every "
                "article is saved and queued, and the index writer (or check_index --repair) "
                "will index them"
            )
        return counts

    def add(self, other):
        self.created += other.created
        self.updated += other.updated
        self.duplicates += other.duplicates
        self.finished += other.finished
        self.rejected += other.rejected
        self.index_error = self.index_error or other.index_error
