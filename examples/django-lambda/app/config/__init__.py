"""The project package: settings, URLs, the ASGI application and the Lambda handler."""
