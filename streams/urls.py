# Included by config/urls.py at the root, without a namespace (ninja reverses "api:…").
from django.urls import path

from streams import views
from streams.api import api

urlpatterns = [
    path("", views.programme, name="programme"),
    path("api/", api.urls),
]
