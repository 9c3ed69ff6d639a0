"""
The sample's own tests: python manage.py test (a PostgreSQL the DB_* variables reach, whose user
may create the test database). boto3 is not needed: AWS clients are replaced by stand-ins.
"""

import io
import json
import logging
import os
import subprocess
import sys
import types
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.test import TestCase, override_settings

from api.models import NOTE_MAX_LENGTH, Note
from config.db.base import DatabaseWrapper
from config.json_logging import JsonLinesFormatter
from config.secret_key import load_secret_key

APP_DIR = Path(__file__).resolve().parent.parent


class HealthTests(TestCase):
    def test_reports_the_environment_and_a_working_database(self):
        response = self.client.get("/api/health")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "environment": settings.APP_ENV, "database": "ok"})

    def test_reports_the_error_class_when_the_database_fails(self):
        with mock.patch.object(connection, "cursor", side_effect=OperationalError("no route to host")):
            response = self.client.get("/api/health")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "OperationalError")
        self.assertEqual(response.json()["status"], "degraded")

    def test_refuses_other_methods(self):
        response = self.client.post("/api/health")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD")


class NotesTests(TestCase):
    def post(self, body, content_type="application/json"):
        return self.client.post("/api/notes", body if isinstance(body, str) else json.dumps(body), content_type=content_type)

    def test_creates_a_note_and_lists_the_newest_first(self):
        first = self.post({"text": "first"})
        second = self.post({"text": "second"})
        self.assertEqual(first.status_code, 201)
        self.assertEqual(first.json()["text"], "first")
        listed = self.client.get("/api/notes").json()["notes"]
        self.assertEqual([note["id"] for note in listed], [second.json()["id"], first.json()["id"]])
        self.assertTrue(listed[0]["created_at"].endswith("Z"))

    def test_limits_the_list(self):
        for i in range(3):
            Note.objects.create(text=f"note {i}")
        self.assertEqual(len(self.client.get("/api/notes?limit=2").json()["notes"]), 2)
        for bad in ("0", "101", "-1", "ten", "²"):
            self.assertEqual(self.client.get("/api/notes", {"limit": bad}).status_code, 400, bad)

    def test_refuses_bad_bodies(self):
        self.assertEqual(self.post("{not json").status_code, 400)
        self.assertEqual(self.post("[1, 2]").status_code, 400)
        self.assertEqual(self.post({"text": "   "}).status_code, 400)
        self.assertEqual(self.post({"text": 5}).status_code, 400)
        self.assertEqual(self.post({"text": "x" * (NOTE_MAX_LENGTH + 1)}).status_code, 400)
        self.assertEqual(self.post("text=hello", content_type="application/x-www-form-urlencoded").status_code, 415)
        self.assertEqual(Note.objects.count(), 0)

    def test_accepts_the_longest_note(self):
        self.assertEqual(self.post({"text": "x" * NOTE_MAX_LENGTH}).status_code, 201)

    def test_needs_no_csrf_token(self):
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post("/api/notes", json.dumps({"text": "from a script"}), content_type="application/json")
        self.assertEqual(response.status_code, 201)

    def test_refuses_other_methods(self):
        response = self.client.delete("/api/notes")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, POST")


class StubS3:
    def __init__(self):
        self.calls = []

    def generate_presigned_post(self, **kwargs):
        self.calls.append(kwargs)
        return {"url": f"https://{kwargs['Bucket']}.s3.us-east-1.amazonaws.com/", "fields": {"key": kwargs["Key"], "policy": "p"}}


@override_settings(MEDIA_BUCKET="acme-staging-media", AWS_REGION="us-east-1")
class UploadTests(TestCase):
    def post(self, body):
        return self.client.post("/api/uploads", json.dumps(body), content_type="application/json")

    def test_signs_a_post_for_a_new_key_under_uploads(self):
        s3 = StubS3()
        with mock.patch("api.views._s3_client", return_value=s3):
            response = self.post({"content_type": "image/png", "filename": "../../etc/My Cat!.png"})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertRegex(body["key"], r"^uploads/[0-9a-f]{32}/My-Cat-.png$")
        (call,) = s3.calls
        self.assertEqual(call["Bucket"], "acme-staging-media")
        self.assertEqual(call["Key"], body["key"])
        self.assertEqual(call["Fields"], {"Content-Type": "image/png"})
        self.assertIn({"Content-Type": "image/png"}, call["Conditions"])
        self.assertIn(["content-length-range", 1, 10 * 1024 * 1024], call["Conditions"])
        self.assertEqual(call["ExpiresIn"], 300)

    def test_refuses_other_content_types(self):
        with mock.patch("api.views._s3_client", return_value=StubS3()):
            self.assertEqual(self.post({"content_type": "text/html"}).status_code, 400)
            self.assertEqual(self.post({"content_type": "image/svg+xml"}).status_code, 400)

    @override_settings(MEDIA_BUCKET="")
    def test_says_so_without_a_bucket(self):
        self.assertEqual(self.post({"content_type": "image/png"}).status_code, 503)


class ErrorPageTests(TestCase):
    def test_unknown_paths_answer_json(self):
        response = self.client.get("/nowhere")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"error": "not found"})

    def test_a_host_not_allowed_answers_json(self):
        response = self.client.get("/api/health", headers={"host": "evil.example.com"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"error": "bad request"})


class IamBackendTests(TestCase):
    def wrapper(self, **overrides):
        return DatabaseWrapper({**connection.settings_dict, "HOST": "db.example.internal", "PORT": "5432", "USER": "app_user", **overrides})

    def test_puts_a_fresh_token_in_place_of_the_missing_password(self):
        tokens = iter(["token-1", "token-2"])
        db = self.wrapper(PASSWORD="", OPTIONS={"sslmode": "require"})
        with mock.patch("config.db.base.iam_auth_token", side_effect=lambda host, port, user: next(tokens)) as token:
            self.assertEqual(db.get_connection_params()["password"], "token-1")
            self.assertEqual(db.get_connection_params()["password"], "token-2")
        token.assert_called_with("db.example.internal", 5432, "app_user")

    def test_keeps_a_password_when_there_is_one(self):
        db = self.wrapper(PASSWORD="secret", OPTIONS={"sslmode": "disable"})
        with mock.patch("config.db.base.iam_auth_token") as token:
            self.assertEqual(db.get_connection_params()["password"], "secret")
        token.assert_not_called()

    def test_refuses_a_token_without_tls(self):
        db = self.wrapper(PASSWORD="", OPTIONS={"sslmode": "prefer"})
        with self.assertRaisesRegex(ImproperlyConfigured, "sslmode must be one of require"):
            db.get_connection_params()

    def test_signs_with_the_region_lambda_gives(self):
        rds = mock.Mock()
        rds.generate_db_auth_token.return_value = "signed"
        db = self.wrapper(PASSWORD="", OPTIONS={"sslmode": "require"})
        with mock.patch.dict(os.environ, {"AWS_REGION": "eu-west-1"}), mock.patch("config.db.base._rds_client", return_value=rds):
            self.assertEqual(db.get_connection_params()["password"], "signed")
        rds.generate_db_auth_token.assert_called_once_with(DBHostname="db.example.internal", Port=5432, DBUsername="app_user", Region="eu-west-1")


def fake_boto3(client):
    """boto3 and botocore.config stand-ins whose client() returns `client`, recording its arguments."""
    boto3 = types.ModuleType("boto3")
    boto3.client = mock.Mock(return_value=client)
    botocore = types.ModuleType("botocore")
    config = types.ModuleType("botocore.config")
    config.Config = mock.Mock(return_value="config")
    return {"boto3": boto3, "botocore": botocore, "botocore.config": config}


class SecretKeyTests(TestCase):
    KEY = "k" * 40 + "0123456789"
    PARAMETER = "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/staging/secret-key"

    def test_reads_the_parameter_decrypted_in_the_arn_region(self):
        ssm = mock.Mock()
        ssm.get_parameter.return_value = {"Parameter": {"Value": self.KEY}}
        modules = fake_boto3(ssm)
        with mock.patch.dict(sys.modules, modules):
            self.assertEqual(load_secret_key(self.PARAMETER), self.KEY)
        ssm.get_parameter.assert_called_once_with(Name=self.PARAMETER, WithDecryption=True)
        self.assertEqual(modules["boto3"].client.call_args.args, ("ssm",))
        self.assertEqual(modules["boto3"].client.call_args.kwargs["region_name"], "eu-west-1")

    def test_reads_a_secrets_manager_secret(self):
        secrets = mock.Mock()
        secrets.get_secret_value.return_value = {"SecretString": self.KEY}
        arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:django-key-AbCdEf"
        with mock.patch.dict(sys.modules, fake_boto3(secrets)):
            self.assertEqual(load_secret_key(arn), self.KEY)
        secrets.get_secret_value.assert_called_once_with(SecretId=arn)

    def test_refuses_a_weak_key(self):
        ssm = mock.Mock()
        ssm.get_parameter.return_value = {"Parameter": {"Value": "short"}}
        with mock.patch.dict(sys.modules, fake_boto3(ssm)), self.assertRaisesRegex(ImproperlyConfigured, "too weak"):
            load_secret_key(self.PARAMETER)

    def test_refuses_what_is_not_an_arn(self):
        for value in ("/acme/staging/secret-key", "arn:aws:s3:::bucket/key", "arn:aws:ssm::123:parameter/x"):
            with self.assertRaises(ImproperlyConfigured, msg=value):
                load_secret_key(value)


def load_settings(expression="len(s.SECRET_KEY)", **env):
    """Imports the settings in a fresh interpreter with exactly these variables (and the paths), printing `expression`."""
    return subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        cwd=APP_DIR,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.pathsep.join(sys.path), "PYTHONDONTWRITEBYTECODE": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


class SecretKeyRuleTests(TestCase):
    def test_a_management_command_gets_a_throwaway_key(self):
        result = load_settings(DJANGO_MANAGEMENT_COMMAND="1")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertGreaterEqual(int(result.stdout), 50)

    def test_anything_else_needs_the_arn(self):
        result = load_settings()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY_ARN is not set", result.stderr)

    def test_the_function_never_gets_a_throwaway_key(self):
        result = load_settings(DJANGO_MANAGEMENT_COMMAND="1", AWS_LAMBDA_FUNCTION_NAME="api", DJANGO_ALLOWED_HOSTS="example.com")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY_ARN is not set", result.stderr)


class StaticUrlTests(TestCase):
    def static_url(self, **env):
        result = load_settings("s.STATIC_URL", DJANGO_MANAGEMENT_COMMAND="1", **env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip()

    def test_comes_from_static_url_or_the_site_url(self):
        self.assertEqual(self.static_url(STATIC_URL="https://d111.cloudfront.net/static/"), "https://d111.cloudfront.net/static/")
        self.assertEqual(self.static_url(SITE_URL="https://d111.cloudfront.net/"), "https://d111.cloudfront.net/static/")
        self.assertEqual(self.static_url(STATIC_URL="https://cdn.example.com/s/", SITE_URL="https://d111.cloudfront.net"), "https://cdn.example.com/s/")
        self.assertEqual(self.static_url(), "/static/")

    def test_refuses_a_static_url_without_the_final_slash(self):
        result = load_settings("s.STATIC_URL", DJANGO_MANAGEMENT_COMMAND="1", STATIC_URL="https://d111.cloudfront.net/static")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("STATIC_URL must end with a slash", result.stderr)


class JsonLogTests(TestCase):
    def test_writes_one_json_object_a_line_with_extras_and_the_exception(self):
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonLinesFormatter())
        log = logging.getLogger("api.tests.json")
        log.addHandler(handler)
        log.propagate = False
        try:
            try:
                raise ValueError("boom")
            except ValueError:
                log.error("it failed for %s", "note 7", extra={"note_id": 7}, exc_info=True)
        finally:
            log.removeHandler(handler)
        (line,) = stream.getvalue().splitlines()
        entry = json.loads(line)
        self.assertEqual(entry["level"], "ERROR")
        self.assertEqual(entry["logger"], "api.tests.json")
        self.assertEqual(entry["message"], "it failed for note 7")
        self.assertEqual(entry["note_id"], 7)
        self.assertIn("ValueError: boom", entry["exception"])
        self.assertRegex(entry["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
