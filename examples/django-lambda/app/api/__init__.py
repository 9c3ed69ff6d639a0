"""The sample API: a health check, notes, and presigned uploads to the media bucket."""
