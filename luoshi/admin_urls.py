"""The admin site's URLs. ``luoshi/urls.py`` names this module instead of importing it, so the rooms'
admin modules are imported (and registered) the first time an admin page is asked for or an ``admin:``
name reversed, not when the server starts; the admin's system checks import them too
(``luoshi.web.apps.AdminConfig``)."""

from django.contrib import admin

admin.autodiscover()
urlpatterns = admin.site.get_urls()
