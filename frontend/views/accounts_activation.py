"""Activating an account made for you (an import's contact account): the e-mailed link opens
this page, which sets the password, activates the account and logs you in
(accounts.activation)."""

from __future__ import annotations

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import activation
from accounts.limits import RateLimited


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        account = activation.check_activation(uidb64, token)
    except ValidationError as error:
        context = {"problem": " ".join(error.messages), "code": error.code}
        if error.code == "activation_expired" and request.method == "POST" and request.POST.get("resend"):
            try:
                activation.resend_expired(uidb64, token)
            except RateLimited as limited:
                context["resend_problem"] = limited.message
            else:
                context["resent"] = True
            return render(
                request, "matchmaking/activate.html", context, status=429 if "resend_problem" in context else 200
            )
        return render(request, "matchmaking/activate.html", context, status=400 if request.method == "POST" else 200)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            user = activation.activate(
                uidb64, token, request.POST.get("password1", ""), request.POST.get("password2", "")
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"password1": error.messages}
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("frontend:programme")
    context = {"account": account, "errors": errors}
    return render(request, "matchmaking/activate.html", context, status=400 if errors else 200)
