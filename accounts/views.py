from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import profile_sections
from accounts.forms import ProfileForm
from accounts.models import User


def profile(request, username):
    member = get_object_or_404(User.objects.filter(is_active=True), username=username)
    sections = profile_sections.for_profile(member, request.user)
    return render(request, "accounts/user_detail.html", {"member": member, "sections": sections})


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect(request.user)
    return render(request, "accounts/user_form.html", {"form": form})
