"""
Django's PostgreSQL backend, logging in with an IAM authentication token when no password is set.

The function logs in as app_user, a role with rds_iam and no password. A token is signed locally
with the function's credentials (no network call), is valid for 15 minutes, and is checked only
when a connection opens: so a fresh one is made for every new connection, in
get_connection_params(), which Django calls each time it connects. With DB_PASSWORD set (the
migrations in CodeBuild, a local PostgreSQL) the password is used as it is and boto3 is never
imported.

Do not turn on Django's connection pool (OPTIONS "pool") with this backend: the pool would open
its later connections with the first token, which expires.
"""

import os
import threading

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base

# TLS modes that encrypt: RDS accepts IAM tokens over TLS only, and a token is a credential.
_TLS_MODES = ("require", "verify-ca", "verify-full")

_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


def _rds_client(region: str):
    """One RDS client per region for the process (the Lambda runtime ships boto3)."""
    with _clients_lock:
        if region not in _clients:
            import boto3

            _clients[region] = boto3.session.Session().client("rds", region_name=region)
        return _clients[region]


def iam_auth_token(host: str, port: int, user: str) -> str:
    """A token that logs `user` in to the instance at `host`:`port` for the next 15 minutes."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise ImproperlyConfigured(
            "IAM database authentication needs AWS_REGION (Lambda sets it); to log in with a password instead, set DB_PASSWORD"
        )
    return _rds_client(region).generate_db_auth_token(DBHostname=host, Port=port, DBUsername=user, Region=region)


class DatabaseWrapper(base.DatabaseWrapper):
    """PostgreSQL with a fresh IAM authentication token for every new connection without a password."""

    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("password"):
            return params
        host, user = params.get("host"), params.get("user")
        if not host or not user:
            raise ImproperlyConfigured("IAM database authentication needs DB_HOST and DB_USER (or set DB_PASSWORD)")
        if params.get("sslmode") not in _TLS_MODES:
            raise ImproperlyConfigured(
                f"IAM database authentication sends its token over TLS only: sslmode must be one of {', '.join(_TLS_MODES)}; "
                f"got {params.get('sslmode')!r} (DB_SSLMODE)"
            )
        params["password"] = iam_auth_token(host, int(params.get("port") or 5432), user)
        return params
