from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Each app that serves pages or API adds a urls.py; they are wired here when present.
for app in ("streams", "halls", "frontend", "live"):
    try:
        urlpatterns.append(path("", include(f"{app}.urls")))
    except ModuleNotFoundError as error:
        if error.name != f"{app}.urls":
            raise
# The exhibition pages last: `exhibition/<hall slug>/` matches any single segment.
urlpatterns.append(path("", include("halls.urls_pages")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
