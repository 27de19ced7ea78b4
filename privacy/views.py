import json

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles.spam import client_ip, rate_limit_network
from core import personal_data
from core.tasks import send_email
from privacy import services
from privacy.forms import DeleteAccountForm, GuestEmailForm
from privacy.models import ArchiveBuild, DataExport
from privacy.tasks import build_data_export

GUEST_SALT = "privacy.guest-comments"
GUEST_LINKS_PER_ADDRESS = 1  # in GUEST_LINK_WINDOW
GUEST_LINKS_PER_NETWORK = 5
GUEST_LINK_WINDOW = 15 * 60


def _site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


# --- Members ----------------------------------------------------------------------------------------------


@never_cache
@login_required
def my_data(request):
    exports = DataExport.objects.filter(user=request.user)[:5]
    context = {
        "exports": exports,
        "blocking_export": services.recent_export(request.user),
        "sections": personal_data.member_sections(),
        "now": timezone.now(),
        "valid_days": settings.DATA_EXPORT_VALID_DAYS,
        "interval_hours": settings.DATA_EXPORT_INTERVAL_HOURS,
    }
    return render(request, "privacy/my_data.html", context)


@require_POST
@login_required
def export_request(request):
    if services.recent_export(request.user):
        messages.error(
            request,
            _("You can ask for one export every %(hours)s hours.") % {"hours": settings.DATA_EXPORT_INTERVAL_HOURS},
        )
        return redirect("privacy:my_data")
    export = DataExport.objects.create(user=request.user)
    download_url = request.build_absolute_uri(reverse("privacy:export_download", kwargs={"token": export.token}))
    transaction.on_commit(lambda: build_data_export.enqueue(export_id=export.pk, download_url=download_url))
    messages.success(request, _("Your export is being prepared. We will e-mail you when it is ready."))
    return redirect("privacy:my_data")


@never_cache
@login_required
def export_download(request, token):
    export = get_object_or_404(DataExport, token=token, user=request.user)
    if not export.is_available() or not export.path.exists():
        raise Http404
    filename = f"{settings.SITE_NAME.lower()}-{request.user.username}-{export.created_at:%Y-%m-%d}.zip"
    return FileResponse(export.path.open("rb"), as_attachment=True, filename=filename, content_type="application/zip")


@never_cache
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if form.is_valid():
        user = request.user
        erasure = services.request_erasure(user=user, mode=form.cleaned_data["mode"], site_url=_site_url(request))
        logout(request)
        return render(request, "privacy/account_deleted.html", {"erasure": erasure})
    return render(
        request,
        "privacy/delete_account.html",
        {"form": form, "grace_days": settings.ACCOUNT_ERASURE_GRACE_DAYS},
        status=400 if form.is_bound else 200,
    )


@never_cache
def erasure_cancel(request, token):
    erasure = services.erasure_from_token(token)
    if erasure is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if request.method == "POST":
        services.cancel_erasure(erasure=erasure, actor=request.user)
        messages.success(request, _("The deletion is cancelled. Your account is active again: log in as before."))
        return redirect("account_login")
    return render(request, "privacy/erasure_cancel.html", {"erasure": erasure})


@never_cache
@staff_member_required
def archive_download(request, pk):
    build = get_object_or_404(ArchiveBuild, pk=pk, status=ArchiveBuild.Status.READY)
    if not build.path.exists():
        raise Http404
    filename = f"{settings.SITE_NAME.lower()}-archiv-{build.requested_at:%Y-%m-%d}.zip"
    return FileResponse(build.path.open("rb"), as_attachment=True, filename=filename, content_type="application/zip")


# --- Guests -----------------------------------------------------------------------------------------------


def _guest_rate_limited(request, email) -> bool:
    """One link per address and a few per network in GUEST_LINK_WINDOW, counted in the shared cache."""
    address_key = "privacy:guest-link:" + salted_hmac(GUEST_SALT, email.casefold(), algorithm="sha256").hexdigest()
    network_key = (
        "privacy:guest-link-net:"
        + salted_hmac(GUEST_SALT, rate_limit_network(client_ip(request)) or "", algorithm="sha256").hexdigest()
    )
    if cache.get(network_key, 0) >= GUEST_LINKS_PER_NETWORK:
        return True
    if not cache.add(network_key, 1, timeout=GUEST_LINK_WINDOW):
        try:
            cache.incr(network_key)
        except ValueError:
            cache.add(network_key, 1, timeout=GUEST_LINK_WINDOW)
    return not cache.add(address_key, 1, timeout=GUEST_LINK_WINDOW)


def _has_guest_data(email) -> bool:
    return any(section.has_data(email) for section in personal_data.guest_sections() if section.has_data)


@never_cache
def guest_request(request):
    form = GuestEmailForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if _guest_rate_limited(request, email):
            return render(request, "privacy/guest_request.html", {"form": form, "rate_limited": True}, status=429)
        if _has_guest_data(email):
            token = signing.dumps(email, salt=GUEST_SALT, compress=True)
            context = {
                "link": request.build_absolute_uri(reverse("privacy:guest_comments", kwargs={"token": token})),
                "hours": settings.GUEST_LINK_MAX_AGE_HOURS,
                "site_name": settings.SITE_NAME,
            }
            subject = _("[%(site)s] Your comments") % {"site": settings.SITE_NAME}
            body = render_to_string("privacy/email/guest_link.txt", context)
            send_email.enqueue(subject=subject, body=body, to=[email])
        # The same answer whether or not there are comments: nobody learns who commented here.
        return render(request, "privacy/guest_request.html", {"sent": True})
    return render(request, "privacy/guest_request.html", {"form": form}, status=400 if form.is_bound else 200)


def _email_from_token(token):
    try:
        email = signing.loads(token, salt=GUEST_SALT, max_age=settings.GUEST_LINK_MAX_AGE_HOURS * 3600)
    except signing.BadSignature:  # forged, altered or expired
        return None
    return email if isinstance(email, str) else None


@never_cache
def guest_comments(request, token):
    email = _email_from_token(token)
    if email is None:
        return render(request, "privacy/link_invalid.html", {"guest": True}, status=404)
    sections = personal_data.guest_sections()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "export":
            return _guest_export(email, sections)
        if action == "delete":
            with transaction.atomic():
                removed = sum(section.erase(email) for section in sections if section.erase)
            messages.success(request, _("Deleted: %(count)s.") % {"count": removed})
        elif action == "withdraw":
            withdrawn = sum(section.withdraw(email) for section in sections if section.withdraw)
            messages.success(request, _("Notifications withdrawn: %(count)s.") % {"count": withdrawn})
        return redirect(request.path)
    shown = [(section, list(section.export(email))) for section in sections if section.export]
    return render(request, "privacy/guest_comments.html", {"email": email, "sections": shown})


def _guest_export(email, sections):
    def lines():
        yield "{"
        for number, section in enumerate(section for section in sections if section.export):
            yield ("," if number else "") + f"\n{json.dumps(section.name)}: ["
            for index, record in enumerate(section.export(email)):
                yield ("," if index else "") + "\n  " + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
            yield "\n]"
        yield "\n}\n"

    response = StreamingHttpResponse(lines(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kommentare.json"'
    return response
