"""People: passwords, the login throttle (django-axes), sign-up and e-mail verification
(django-allauth), the organisation pages' links, and the mail that reaches people."""

import os
from datetime import timedelta

from .base import BASE_DIR, DEBUG, env_bool

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttle (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is locked out for LOGIN_LOCKOUT_MINUTES; a successful login resets
# the count. Locking the username alone would let anyone lock a known user out. Behind a
# proxy, Daphne's --proxy-headers makes the address the visitor's (scripts/cluster.sh).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginThrottleBackend",
    # By username or by e-mail address (allauth), the password checked by Django's hashers.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "frontend.lockout.locked_out"  # the page says why and for how long
AXES_VERBOSE = False
# What the person typed in the login field (username or e-mail), as allauth passes it.
AXES_USERNAME_CALLABLE = "accounts.backends.login_name"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth (docs/accounts.md). Sign-up asks for an e-mail address that must be verified
# (a link is mailed) before the first login; log in by username or e-mail. Accounts that
# organizers make (admin, demo loader, scripts) have no unverified address and log in as before.
ACCOUNT_ADAPTER = "accounts.auth.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.auth.SocialAccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.auth.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # the link opens a page with a button (mail scanners follow links)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # one address per person; changing it verifies the new one first
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pavilion] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# One lockout story: wrong passwords are django-axes' (per username and address, the 429 page
# above); allauth's own failed-login limit is off so the two never disagree. allauth limits
# what sends mail or creates accounts (per address, per e-mail).
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "20/m/ip,100/h/ip"),
    "reset_password": os.environ.get("RATE_LIMIT_RESET_PASSWORD", "20/m/ip,5/h/key"),
    "confirm_email": "1/3m/key",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never join a social login to an account by e-mail alone
SOCIALACCOUNT_PROVIDERS = {
    # WeChat (微信开放平台 website application): SOCIAL_PROVIDERS=weixin plus these two.
    "weixin": {
        "SCOPE": ["snsapi_login"],
        "APPS": (
            [{"client_id": os.environ["WEIXIN_APP_ID"], "secret": os.environ.get("WEIXIN_APP_SECRET", "")}]
            if os.environ.get("WEIXIN_APP_ID")
            else []
        ),
    },
}

# Where the organisation pages are (frontend/urls.py), for links in e-mails and notifications
# that accounts and halls send (docs/organisations.md); a test checks they resolve.
ORGANISATION_PAGES = {
    "invitation": "/organisations/invitations/{token}/",
    "admin": "/exhibitor/organisations/{id}/team/",
    # accounts.activation: contact accounts made by an import set their password here
    "activation": "/accounts/activate/{uid}/{token}/",
}
ACCOUNT_ACTIVATION_DAYS = int(os.environ.get("ACCOUNT_ACTIVATION_DAYS", "7"))
# Mail (sign-up verification, password reset, notices): printed to the console unless a real
# server is configured, by EMAIL_URL (smtp://user:password@host:587?tls=1, smtps://...:465,
# console:, locmem:) or by Django's own EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER /
# EMAIL_HOST_PASSWORD / EMAIL_USE_TLS / EMAIL_USE_SSL. Tests use the in-memory outbox.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pavilion <noreply@pavilion.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: the directory written to.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# Last, so that a server named by EMAIL_URL is not reset to Django's defaults by anything above
# (SMTP without EMAIL_URL: the EMAIL_HOST block above; docs/operations.md).
if os.environ.get("EMAIL_URL"):
    from config.email_url import parse_email_url

    globals().update(parse_email_url(os.environ["EMAIL_URL"]))
