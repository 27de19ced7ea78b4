"""What happened to article comments, for the apps above (notifications). Sent after commit, `sender=None`:

- `comment_published(comment)`: a comment became visible (written approved, or approved by a moderator).
- `comment_held(comment)`: a comment waits for approval.
- `reply_notifications_wanted(comment)`: a guest ticked "notify me of replies to my comment".
"""

from django.db import transaction
from django.dispatch import Signal

comment_published = Signal()
comment_held = Signal()
reply_notifications_wanted = Signal()


def send_on_commit(signal, **kwargs):
    transaction.on_commit(lambda: signal.send(sender=None, **kwargs))
