"""
Reads Django's SECRET_KEY from AWS by the ARN in SECRET_KEY_ARN.

The settings call load_secret_key() once, when they load: once per Lambda execution environment
(at its start-up, the init phase), never per request. boto3 is imported here, not at the top of
the module: the Lambda runtime ships it, and a management command without SECRET_KEY_ARN (or a
developer's machine) never needs it.
"""

from django.core.exceptions import ImproperlyConfigured

# Django's own deployment check (security.W009) asks for 50 characters, 5 of them different.
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5


def load_secret_key(arn: str) -> str:
    """
    The value of the SSM parameter (a SecureString, decrypted) or the Secrets Manager secret (its
    SecretString, the key as plain text) that the ARN names, in the ARN's own region.
    """
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[3]:
        raise ImproperlyConfigured(
            "SECRET_KEY_ARN must be the ARN of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>) "
            f"or of a Secrets Manager secret; got {arn!r}"
        )
    service, region = parts[2], parts[3]

    import boto3
    from botocore.config import Config

    # Short timeouts: without a route to the service (no NAT, no endpoint) the start-up fails in
    # seconds with a connection error, not at Lambda's init timeout with no explanation.
    config = Config(connect_timeout=3, read_timeout=5, retries={"max_attempts": 2, "mode": "standard"})
    if service == "ssm":
        client = boto3.client("ssm", region_name=region, config=config)
        value = client.get_parameter(Name=arn, WithDecryption=True)["Parameter"]["Value"]
    elif service == "secretsmanager":
        client = boto3.client("secretsmanager", region_name=region, config=config)
        value = client.get_secret_value(SecretId=arn).get("SecretString") or ""
    else:
        raise ImproperlyConfigured(f"SECRET_KEY_ARN must name an SSM parameter or a Secrets Manager secret; got a {service!r} ARN: {arn!r}")

    if len(value) < MIN_LENGTH or len(set(value)) < MIN_UNIQUE_CHARACTERS:
        raise ImproperlyConfigured(
            f"The secret key in {arn} is too weak: it needs at least {MIN_LENGTH} characters, "
            f"{MIN_UNIQUE_CHARACTERS} of them different (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    return value
