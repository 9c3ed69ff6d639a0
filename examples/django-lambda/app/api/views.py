"""
The sample API, JSON in and out.

The views that take a body are csrf_exempt: the API reads no cookies and keeps no sessions, so
there is no ambient credential for a cross-site request to ride on, which is what CSRF protection
guards. They also accept application/json only, which a cross-site form cannot send, and which
a browser sends cross-origin only after a CORS preflight that API Gateway answers for the site's
origins alone. The API has no authentication either: it is a sample. Before real data goes in,
put a JWT authorizer on the HTTP API (api.jwt in the stack's config) or authenticate in Django,
and if that means session cookies, drop csrf_exempt.
"""

import json
import logging
import re
import threading
import uuid

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from api.models import NOTE_MAX_LENGTH, Note

logger = logging.getLogger(__name__)

NOTES_DEFAULT_LIMIT = 50
NOTES_MAX_LIMIT = 100
_WHOLE_NUMBER = re.compile(r"[0-9]{1,4}")


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _method_not_allowed(allowed: tuple[str, ...]) -> JsonResponse:
    response = _error(405, f"method not allowed: use {', '.join(allowed)}")
    response["Allow"] = ", ".join(allowed)
    return response


def _json_object(request: HttpRequest) -> dict | JsonResponse:
    """The request's JSON object, or the error response to send instead."""
    if request.content_type != "application/json":
        return _error(415, "send the body as application/json")
    try:
        payload = json.loads(request.body)
    except ValueError:
        return _error(400, "the body is not valid JSON")
    if not isinstance(payload, dict):
        return _error(400, "the body must be a JSON object")
    return payload


def health(request: HttpRequest) -> JsonResponse:
    """GET /api/health: the environment, and whether the database answers a SELECT 1."""
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed(("GET", "HEAD"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as error:  # Any failure, a missing token or region included, is reported by its class.
        logger.warning("health check: the database did not answer", exc_info=True)
        database = type(error).__name__
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "environment": settings.APP_ENV, "database": database},
        status=200 if healthy else 503,
    )


@csrf_exempt
def notes(request: HttpRequest) -> JsonResponse:
    """GET /api/notes?limit=N: the newest notes. POST /api/notes {"text": "..."}: adds one."""
    if request.method == "GET":
        raw_limit = request.GET.get("limit", str(NOTES_DEFAULT_LIMIT))
        if not _WHOLE_NUMBER.fullmatch(raw_limit) or not 1 <= int(raw_limit) <= NOTES_MAX_LIMIT:
            return _error(400, f"limit must be a whole number from 1 to {NOTES_MAX_LIMIT}; got {raw_limit!r}")
        return JsonResponse({"notes": [note.as_json() for note in Note.objects.all()[: int(raw_limit)]]})
    if request.method == "POST":
        payload = _json_object(request)
        if isinstance(payload, JsonResponse):
            return payload
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > NOTE_MAX_LENGTH:
            return _error(400, f"text must be a non-blank string of at most {NOTE_MAX_LENGTH} characters")
        note = Note.objects.create(text=text)
        logger.info("note created", extra={"note_id": note.id})
        return JsonResponse(note.as_json(), status=201)
    return _method_not_allowed(("GET", "POST"))


_s3_clients: dict[str, object] = {}
_s3_lock = threading.Lock()


def _s3_client(region: str):
    """One S3 client for the process, signing for the bucket's regional host name."""
    with _s3_lock:
        if region not in _s3_clients:
            # The Lambda runtime ships boto3; imported here so that nothing else needs it.
            import boto3
            from botocore.config import Config

            _s3_clients[region] = boto3.session.Session().client(
                "s3", region_name=region, config=Config(signature_version="s3v4", s3={"addressing_style": "virtual"})
            )
        return _s3_clients[region]


_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_filename(name: object) -> str:
    """The last part of a client's file name, with only letters, digits, '.', '_' and '-'."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_FILENAME.sub("-", base).strip(".-")[:100] or "file"


@csrf_exempt
def uploads(request: HttpRequest) -> JsonResponse:
    """
    POST /api/uploads {"content_type": "image/png", "filename": "cat.png"}: a presigned POST
    for one new object under uploads/ in the media bucket. The browser sends the file straight
    to S3 (a form POST of `fields` plus the file, to `url`), so no file passes through Lambda,
    whose requests stop at 6 MB. S3 enforces the content type and the size; the object is the
    function role's request, made within `expires_in` seconds.
    """
    if request.method != "POST":
        return _method_not_allowed(("POST",))
    if not settings.MEDIA_BUCKET or not settings.AWS_REGION:
        return _error(503, "uploads are not configured here (MEDIA_BUCKET and AWS_REGION)")
    payload = _json_object(request)
    if isinstance(payload, JsonResponse):
        return payload
    content_type = payload.get("content_type")
    if content_type not in settings.UPLOAD_CONTENT_TYPES:
        return _error(400, f"content_type must be one of {', '.join(settings.UPLOAD_CONTENT_TYPES)}; got {content_type!r}")
    key = f"{settings.UPLOAD_PREFIX}{uuid.uuid4().hex}/{_safe_filename(payload.get('filename'))}"
    post = _s3_client(settings.AWS_REGION).generate_presigned_post(
        Bucket=settings.MEDIA_BUCKET,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, settings.UPLOAD_MAX_BYTES]],
        ExpiresIn=settings.UPLOAD_URL_EXPIRES_SECONDS,
    )
    logger.info("upload signed", extra={"key": key, "content_type": content_type})
    return JsonResponse(
        {
            "key": key,
            "url": post["url"],
            "fields": post["fields"],
            "expires_in": settings.UPLOAD_URL_EXPIRES_SECONDS,
            "max_bytes": settings.UPLOAD_MAX_BYTES,
        }
    )


def bad_request(request: HttpRequest, exception: Exception) -> JsonResponse:
    return _error(400, "bad request")


def forbidden(request: HttpRequest, exception: Exception) -> JsonResponse:
    return _error(403, "forbidden")


def not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    return _error(404, "not found")


def server_error(request: HttpRequest) -> JsonResponse:
    return _error(500, "internal server error")
