"""
The ASGI application, and the Lambda handler around it.

The function's handler is "config.asgi.handler": Mangum turns each API Gateway HTTP API event
(payload format 2.0) into an ASGI request for Django and Django's response back into the
event's answer. lifespan="off": Django's ASGI handler has no lifespan protocol. No
api_gateway_base_path: the API's $default stage puts no stage name in the path.

Everything at module level runs once per execution environment, in Lambda's init phase: the
settings load (and read the secret key), Django sets up its apps.
"""

import os

from django.core.asgi import get_asgi_application
from mangum import Mangum

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()

handler = Mangum(application, lifespan="off")
