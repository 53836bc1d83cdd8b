"""The API's URLs. ``luoshi/urls.py`` names this module instead of importing it, so django-ninja,
pydantic and the API's schemas are loaded when a path under ``api/`` is first resolved or an
``api:`` name first reversed, not when the server starts."""

from luoshi.api.api import api

urlpatterns, app_name, namespace = api.urls
