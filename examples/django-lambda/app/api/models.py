from django.db import models

# The longest note POST /api/notes accepts (checked by the view; the column is text).
NOTE_MAX_LENGTH = 2000


class Note(models.Model):
    """A line of text someone posted, newest first."""

    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:50]

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.text, "created_at": self.created_at}
