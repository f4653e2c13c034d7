"""The search index rows (one per item and per row of an issued report); see engine.py.

The table keeps its first name (web_searchentry, with its FTS5 table and triggers made by the web
app's migration 0001): the model moved here from msoc.web without touching the database.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    """Searchable text of one item or report row, segmented with newmm into `terms`."""

    kind = models.CharField(max_length=8)  # "item" | "row"
    ref_id = models.BigIntegerField()
    report_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    day = models.DateField(db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    section = models.CharField(max_length=20, blank=True, db_index=True)
    source = models.CharField(max_length=120, blank=True, db_index=True)
    place = models.CharField(max_length=120, blank=True, db_index=True)
    topics = models.CharField(max_length=500, blank=True)  # " topic1 topic2 " for containment
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    terms = models.TextField(blank=True)

    class Meta:
        db_table = "web_searchentry"
        constraints = [models.UniqueConstraint(fields=["kind", "ref_id"], name="search_entry_once")]
        indexes = [
            models.Index(fields=["-day", "-id"], name="search_entry_recent"),
            # A filtered search walks its filter's entries newest first and stops after a page.
            models.Index(fields=["kind", "-day", "-id"], name="search_entry_kind_recent"),
            models.Index(fields=["section", "-day", "-id"], name="search_entry_section_recent"),
            models.Index(fields=["source", "-day", "-id"], name="search_entry_source_recent"),
            models.Index(fields=["place", "-day", "-id"], name="search_entry_place_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.ref_id} {self.title[:40]}"
