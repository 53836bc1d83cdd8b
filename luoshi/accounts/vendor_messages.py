"""Messages of Django and of installed packages that their own zh-Hans catalogues lack.

Listed here only so that makemessages puts them in this app's catalogue; at run time Django finds
a translation for them there, after the package's own catalogue has none. Nothing imports this.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # django.contrib.auth (5.2): the password-length error and the admin's user pages.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Change or view list link"),
    # django-axes: its models and admin pages, where the office unlocks addresses.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Not set"),
    gettext_noop("Clean up expired attempts"),
    # django-tasks-db
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
]
