from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    # The JSON API first: `exhibition/<hall slug>/` (halls.urls_pages) would match its paths.
    path("", api.urls),
    path("admin/", admin.site.urls),
    # Sign-up, login (by username or e-mail), logout, password reset, e-mail change: allauth
    # (docs/accounts.md). "login" and "logout" keep their names for the templates that use them.
    path("accounts/", include("allauth.urls")),
    path("accounts/login/", allauth_views.login, name="login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Each app that serves pages or API adds a urls.py; they are wired here when present. The
# pages (frontend) last: `exhibition/<hall slug>/` matches any single segment.
for app in ("live", "streams", "halls", "frontend"):
    try:
        urlpatterns.append(path("", include(f"{app}.urls")))
    except ModuleNotFoundError as error:
        if error.name != f"{app}.urls":
            raise

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
