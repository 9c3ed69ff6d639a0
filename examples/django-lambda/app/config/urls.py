"""The API's routes. Every path is also described in api/static/api/openapi.json."""

from django.urls import path

from api import views

urlpatterns = [
    path("api/health", views.health, name="health"),
    path("api/notes", views.notes, name="notes"),
    path("api/uploads", views.uploads, name="uploads"),
]

# JSON, not Django's HTML pages, for bad requests (a host not in ALLOWED_HOSTS among them),
# refusals, unknown paths and unhandled errors (with DEBUG off).
handler400 = "api.views.bad_request"
handler403 = "api.views.forbidden"
handler404 = "api.views.not_found"
handler500 = "api.views.server_error"
