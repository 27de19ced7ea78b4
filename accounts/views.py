from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from accounts.models import User
from forum.models import Post, Thread


def profile(request, username):
    member = get_object_or_404(User.objects.filter(is_active=True), username=username)
    # The member's recent forum activity that this reader may see: two queries, whatever the amount.
    threads = Thread.objects.listed_for(request.user).filter(author=member).select_related("category")
    posts = (
        Post.objects.listed_for(request.user)
        .filter(author=member, position__gt=1)
        .select_related("thread")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "accounts/user_detail.html",
        {"member": member, "forum_threads": threads.order_by("-created_at", "-pk")[:5], "forum_posts": posts[:10]},
    )


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect(request.user)
    return render(request, "accounts/user_form.html", {"form": form})
