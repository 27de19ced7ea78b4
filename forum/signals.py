"""What happened in the forum, for the apps above it (notifications) to react to. Sent after the transaction
that made the change commits, so receivers see the committed rows; the forum never imports its listeners.

Every signal is sent with `sender=None` and keyword arguments:

- `post_published(post)`: a post became readable (written unheld, or approved).
- `post_held(post)`: a post waits for a moderator.
- `post_moderated(post, action, moderator, reason)`: a held post was approved (`"approve"`) or rejected (`"reject"`).
- `thread_moderated(thread, action, moderator, reason)`: a thread was moved, locked or renamed
  (`"move"`, `"lock"`, `"rename"`).
- `post_reported(report)`: a member reported a post.
- `post_edited(post, previous_body)`: the text of a readable post was changed (an edit that needs no approval;
  a held edit announces itself by `post_published` once approved).
"""

from django.db import transaction
from django.dispatch import Signal

post_published = Signal()
post_held = Signal()
post_moderated = Signal()
thread_moderated = Signal()
post_reported = Signal()
post_edited = Signal()


def send_on_commit(signal, **kwargs):
    transaction.on_commit(lambda: signal.send(sender=None, **kwargs))
