import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")

# Starting allocates a million long-lived objects (modules, classes, models, URL patterns), and the
# collector would walk them some 200 times on the way, a tenth of the start's CPU: it is paused while
# Django sets up, and what the start made is then frozen (never scanned again, so later collections
# during requests only walk what requests allocate).
gc.disable()
try:
    application = get_wsgi_application()
finally:
    gc.freeze()
    gc.enable()
