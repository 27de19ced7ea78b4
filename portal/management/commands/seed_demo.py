"""Fill a development database with demo users and content. Idempotent; for development only."""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from articles import demo as articles_demo
from forum import demo as forum_demo

DEMO_PASSWORD = "stammtisch-demo"

DEMO_USERS = [
    # username, display name, role
    ("admin", "Alex Admin", "staff"),
    ("moderatorin", "Mona Moderatorin", "moderator"),
    ("mitglied", "Max Mitglied", "member"),
    ("erika", "Erika Mustermann", "member"),
]


class Command(BaseCommand):
    help = "Create demo users (and demo content) for development. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates users with known passwords; it runs only with DEBUG=true.")
        # The demo's posts notify its members through background tasks (run at once in development): one log line
        # per task would bury the summary below.
        logging.getLogger("django.tasks").setLevel(logging.WARNING)
        for username, name, role in DEMO_USERS:
            self.create_user(username, name, role)
        articles_demo.seed(self.stdout)
        forum_demo.seed(self.stdout, password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Demo users (password for all: {DEMO_PASSWORD}):"))
        for username, _name, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role}")

    def create_user(self, username, display_name, role):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "email": f"{username}@example.com",
                "is_staff": role == "staff",
                "is_superuser": role == "staff",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        if role == "moderator":
            user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        return user
